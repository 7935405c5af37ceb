// Reference: a bare Koa + @koa/router app serving a prebuilt string (no logging, no other middleware).
import Router from '@koa/router';
import Koa from 'koa';

const body = process.env.BODY ?? '{"keys":[]}';
const app = new Koa();
const router = new Router();
router.get('/.well-known/jwks.json', (ctx) => {
  ctx.type = 'application/json';
  ctx.body = body;
});
app.use(router.routes());
app.use(router.allowedMethods());
app.listen(Number(process.env.PORT), '127.0.0.1');
