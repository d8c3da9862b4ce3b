// What the bundled MJML takes from lodash/fp, without lodash/fp: requiring it
// converts the whole of lodash into curried form, the largest single cost of
// loading MJML. scripts/bundle.mjs puts this in its place for the engine
// bundle and fails the build when MJML asks for anything not here;
// test/mjml-engine.test.ts checks each against lodash/fp.
'use strict';
const values = (c) => (c == null ? [] : Array.isArray(c) ? c : Object.values(c));
const flatten = (fns) => fns.flat();

module.exports = {
  identity: (x) => x,
  // lodash/fp caps the iteratees of filter and map to one argument.
  filter: (pred) => (c) => values(c).filter((x) => pred(x)),
  map: (fn) => (c) => values(c).map((x) => fn(x)),
  join: (sep) => (array) => (array == null ? '' : Array.prototype.join.call(array, sep)),
  // flow(f, g)(x) = g(f(x)); arrays of functions are spread; no function at all returns x.
  flow: (...fns) => {
    const all = flatten(fns);
    for (const f of all) if (typeof f !== 'function') throw new TypeError('Expected a function');
    return function (...args) {
      if (all.length === 0) return args[0];
      let result = all[0].apply(this, args);
      for (let i = 1; i < all.length; i++) result = all[i].call(this, result);
      return result;
    };
  },
};
