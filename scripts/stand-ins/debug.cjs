// The `debug` package, as the bundle gives it to knex and @koa/router (scripts/bundle.mjs): loaded only
// once one of their debuggers can print. debug reads DEBUG when it loads and, for every debugger it
// makes, whether stderr is a terminal (which makes process.stderr); with two copies bundled, that was
// ~1 ms of every start, for debuggers that are off unless DEBUG names them.
//
// - DEBUG set as the process starts: the real module, at once, as before.
// - Otherwise each debugger is a stand-in that is off (calling it does nothing, `enabled` is false) until
//   debug's own API is used (`enable()`, or any other property of the module or of a debugger), which
//   loads the real module; from then on every stand-in reads through to its real debugger, so what
//   `enable()` turns on prints as it would have.
let real;
const load = () => (real ??= require('debug'));
if (process.env.DEBUG) load();

function createDebug(namespace) {
  if (real) return real(namespace);
  let instance;
  const target = () => (instance ??= load()(namespace));
  // an arrow function: a Proxy may then answer every property, `prototype` included, as the real debugger's
  const debug = (...args) => {
    if (real) target()(...args);
  };
  return new Proxy(debug, {
    get(_, name) {
      if (name === 'namespace') return namespace;
      if (name === 'enabled' && !real) return false;
      if (name === 'extend' && !real) return (sub, delimiter = ':') => createDebug(`${namespace}${delimiter}${sub}`);
      return Reflect.get(target(), name);
    },
    set: (_, name, value) => Reflect.set(target(), name, value),
  });
}

module.exports =
  real ??
  new Proxy(createDebug, {
    get: (_, name) => Reflect.get(load(), name),
    set: (_, name, value) => Reflect.set(load(), name, value),
  });
