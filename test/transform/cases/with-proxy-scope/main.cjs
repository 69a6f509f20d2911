// A function created inside `with (proxy)` resolves every free name through the
// proxy's `has` trap, the patch site's own bindings included: a sandbox that
// logs or vetoes the names it is asked about sees names the source never used.
const asked = [];
const scope = new Proxy(
  { value: 1 },
  {
    has(target, key) {
      if (typeof key === 'string') asked.push(key);
      return key in target;
    },
  },
);
with (scope) {
  var read = function () {
    return value;
  };
  var arrow = () => value + 1;
}
console.log(read(), arrow());
console.log('names looked up through the proxy:', asked.join());
console.log('done');
