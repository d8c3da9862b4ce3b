// Babel's isNativeReflectConstruct helper, as Node would answer it. The
// original tests Reflect.construct on its first call and then replaces
// itself, but callSuper keeps the original it required, so every `super()`
// in MJML's transpiled classes built a Boolean and a function to ask again:
// about 3 % of a build. Every Node this package runs on has Reflect.construct.
'use strict';
function isNativeReflectConstruct() {
  return true;
}
module.exports = isNativeReflectConstruct;
module.exports.__esModule = true;
module.exports.default = isNativeReflectConstruct;
