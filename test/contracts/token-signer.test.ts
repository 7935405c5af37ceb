import { JoseTokenSigner } from '../../src/adapters/crypto/jose-token-signer.js';
import { RsaKeyPool } from '../support/pooled-token-signer.js';
import { tokenSignerContract } from './token-signer.contract.js';

tokenSignerContract('JoseTokenSigner', async () => new JoseTokenSigner());
// The double most tests use in its place. A pool of two: the contract's third key is generated for real.
tokenSignerContract('PooledTokenSigner (test double)', async () => (await RsaKeyPool.generate(2)).signer());
