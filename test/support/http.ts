/** Small fetch helpers for the HTTP tests. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function register(base: string, username: string, email?: string): Promise<string> {
  const res = await postJson(`${base}/register`, email === undefined ? { username } : { username, email });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { password: string }).password;
}

export async function login(base: string, username: string, password: string, query = ''): Promise<Response> {
  return postJson(`${base}/auth${query}`, { username, password });
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
