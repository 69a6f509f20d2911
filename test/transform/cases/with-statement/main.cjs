// The with statement: names resolve through the object, calls get it as `this`,
// Symbol.unscopables hides names, and closures keep the object environment.
const o = {
  a: 1,
  f() {
    return this === o;
  },
  shadowed: 'from object',
};
var shadowed = 'from scope';
with (o) {
  console.log('read', a, 'call this is object', f(), shadowed);
}
function insideFunction(obj) {
  with (obj) {
    return (function () {
      return a + 1;
    })();
  }
}
console.log('insideFunction', insideFunction({ a: 41 }));
let closure;
with ({ value: 'captured' }) {
  closure = function () {
    return value;
  };
  var arrowClosure = () => value + '!';
}
console.log('closure', closure(), arrowClosure());
const withUnscopables = { hidden: 'object', visible: 'object', [Symbol.unscopables]: { hidden: true } };
var hidden = 'scope';
var visible = 'scope';
with (withUnscopables) {
  console.log('unscopables', hidden, visible);
}
const target = { x: 1 };
with (target) {
  x = 2;
  var declaredInside = 'var goes to the function scope';
}
console.log('assignment goes to object', target.x, declaredInside);
function defineInWith() {
  const scope = { n: 10 };
  with (scope) {
    function declaredInWith() {
      return n;
    }
  }
  scope.n = 20;
  return declaredInWith();
}
console.log('function declared in with', defineInWith());
const methods = {
  twice(v) {
    return v * 2;
  },
};
with (methods) {
  console.log('method called unqualified', [1, 2].map((v) => twice(v)).join());
}
console.log('done');
