/**
 * The base URL clients reach the server at (`PUBLIC_URL`, else `http://localhost:<port>`), and the
 * tokens' issuer (`JWT_ISSUER`, else that URL). With `PORT=0` the port is known only once bound, so the
 * lifecycle calls {@link bind} before anything reads them.
 */
export class PublicUrl {
  private port: number;

  constructor(private readonly settings: { publicUrl: string | undefined; jwtIssuer: string | undefined; port: number }) {
    this.port = settings.port;
  }

  /** Records the port actually bound (matters only when no PUBLIC_URL is set). */
  bind(port: number): void {
    this.port = port;
  }

  /** The base URL, without a trailing slash. */
  get base(): string {
    return (this.settings.publicUrl ?? `http://localhost:${this.port}`).replace(/\/+$/, '');
  }

  /** The `iss` of every token, and the discovery metadata's `issuer`. */
  get issuer(): string {
    return this.settings.jwtIssuer ?? this.base;
  }
}
