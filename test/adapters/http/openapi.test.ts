import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/adapters/http/openapi/document.js';
import { AuthRequest, RegisterRequest } from '../../../src/adapters/http/schemas/requests.js';

const doc = openApiDocument({ publicUrl: 'https://auth.example.com', version: '9.9.9' });
type Operation = { responses: Record<string, { content?: Record<string, unknown> }>; requestBody?: { content: Record<string, unknown> } };
const operations = () =>
  Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(doc.servers).toEqual([{ url: 'https://auth.example.com' }]);
    expect(doc.info.version).toBe('9.9.9');
  });

  it('gives every refusal a problem+json body, and documents HEAD without bodies', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || path === '/readyz') continue; // "not ready" is the readiness body, by design
        if (method === 'head') expect(response.content, `${method} ${path} ${status}`).toBeUndefined();
        else expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
    const auth = doc.paths?.['/auth']?.post as unknown as Operation;
    expect(Object.keys(auth.responses).sort()).toEqual(['200', '400', '401', '413', '415', '429', '503']);
    expect(Object.keys(auth.requestBody!.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
  });

  it('documents the request schemas the routes validate with', () => {
    const schemas = doc.components?.schemas ?? {};
    expect(schemas.RegisterRequest).toMatchObject({ type: 'object', required: ['username'], properties: { username: { type: 'string' } } });
    expect(schemas.AuthRequest).toMatchObject({
      type: 'object',
      properties: { username: { type: 'string' }, password: { type: 'string' } },
    });
    expect(schemas.Problem).toMatchObject({ required: expect.arrayContaining(['type', 'title', 'status']) });
  });
});

describe('the request schemas', () => {
  it("refuse a wrong shape with the use-cases' own messages", () => {
    expect(RegisterRequest.safeParse({}).error?.issues[0]?.message).toBe('username must be a string');
    expect(RegisterRequest.safeParse({ username: 42 }).error?.issues[0]?.message).toBe('username must be a string');
    expect(RegisterRequest.safeParse({ username: 'a', email: ['a@b.co'] }).error?.issues[0]?.message).toBe('email must be a string');
    expect(RegisterRequest.safeParse({ username: 'a', email: null }).success).toBe(true);
    expect(AuthRequest.safeParse({ username: 'a', password: 123 }).error?.issues[0]?.message).toBe(
      'username and password are required strings',
    );
    expect(AuthRequest.safeParse({}).success).toBe(true); // then HTTP Basic is read
  });
});
