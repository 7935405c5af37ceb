// Reference: the least a Node.js HTTP server can do, serving a prebuilt string.
import { createServer } from 'node:http';

const body = process.env.BODY ?? '{"keys":[]}';
createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
