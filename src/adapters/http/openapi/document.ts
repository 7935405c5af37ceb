import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { STATUS_CODES } from 'node:http';
import { STATUS } from '../error-statuses.js';
import { Problem } from '../schemas/responses.js';
import { OPERATIONS, type Operation } from './operations.js';

/** What the document says about the deployment. */
export interface DocumentInfo {
  /** Where clients reach the API (the `servers` entry). */
  readonly publicUrl: string;
  readonly version: string;
}

/**
 * The OpenAPI 3.1 document of {@link OPERATIONS}, generated from the zod schemas the routes validate with.
 * Every refusal is an `application/problem+json` {@link Problem}; GET routes are documented for HEAD too.
 */
export function openApiDocument(info: DocumentInfo): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  for (const op of OPERATIONS) {
    registry.registerPath(routeConfig(op, op.method));
    if (op.method === 'get') registry.registerPath(routeConfig(op, 'head'));
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'jwks-auth-server',
      version: info.version,
      description: 'Registers users, issues RS256 JWTs and publishes the keys that verify them. Errors are RFC 9457 problem details.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: info.publicUrl }],
  });
}

function routeConfig(op: Operation, method: 'get' | 'post' | 'head'): RouteConfig {
  const head = method === 'head';
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, ok] of Object.entries(op.ok)) {
    responses[Number(status)] = {
      description: ok.description,
      ...(ok.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(ok.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
            ),
          }
        : {}),
      ...(ok.schema && !head ? { content: { [ok.type ?? 'application/json']: { schema: ok.schema } } } : {}),
    };
  }
  for (const [status, when] of refusals(op)) {
    responses[status] = { description: when, ...(head ? {} : { content: { 'application/problem+json': { schema: Problem } } }) };
  }
  const body = op.request?.body;
  return {
    method,
    path: op.path,
    operationId: operationId(method, op.path),
    tags: [op.tag],
    summary: head ? `${op.summary} (headers only)` : op.summary,
    ...(op.description ? { description: op.description } : {}),
    request: {
      ...(op.request?.params ? { params: op.request.params } : {}),
      ...(op.request?.query ? { query: op.request.query } : {}),
      ...(body
        ? { body: { required: body.required, content: Object.fromEntries(body.types.map((type) => [type, { schema: body.schema }])) } }
        : {}),
    },
    responses,
  };
}

/** Status → description of every refusal: domain codes through the error table, then HTTP-only faults. */
function refusals(op: Operation): Map<number, string> {
  const byStatus = new Map<number, string[]>();
  for (const code of op.codes ?? []) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), `\`${code}\``]);
  const result = new Map<number, string>();
  for (const [status, codes] of byStatus) result.set(status, `${STATUS_CODES[status]}: code ${codes.join(' or ')}.`);
  for (const [status, when] of Object.entries(op.faults ?? {})) {
    const known = result.get(Number(status));
    result.set(Number(status), known ? `${known} ${when}` : when);
  }
  return result;
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/[{}]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}
