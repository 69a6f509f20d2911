// Framed bodies in sloppy code: the body of an async function or generator
// moves into a `try` block, where a function declaration is a block-level
// declaration with an Annex B var binding, where block functions of nested
// blocks are still hoisted, and where `arguments` stays mapped to the
// parameters. Bodies that cannot move unchanged (a top-level function
// declared again, a direct eval, `with`) are left unframed and must behave
// as before too.
const results = [];

async function annexB() {
  const before = typeof inner;
  {
    function inner() {
      return 'inner';
    }
  }
  await null;
  return [before, typeof inner, inner(), typeof top, top()];
  function top() {
    return 'top';
  }
}

function* blockFunctions(flag) {
  yield typeof conditional;
  if (flag) {
    function conditional() {
      return 'conditional';
    }
  }
  yield typeof conditional;
  yield typeof later;
  function later() {}
}

async function mapped(a, b) {
  arguments[0] = 'changed through arguments';
  await null;
  b = 'changed parameter';
  return [a, arguments[1], arguments.length];
}

async function sloppyThis() {
  await null;
  return typeof this;
}

async function topAgainInBlock() {
  {
    function f() {
      return 'block';
    }
  }
  await null;
  return f();
  function f() {
    return 'top';
  }
}

async function topAndVar() {
  var g = 'var';
  await null;
  return typeof g;
  function g() {}
}

function* duplicates() {
  yield h();
  function h() {
    return 1;
  }
  function h() {
    return 2;
  }
}

async function evaluates(code) {
  var local = 'local';
  await null;
  return eval(code);
}

async function withScope(o) {
  with (o) {
    await null;
    return [x, typeof y];
  }
}

async function asi() {
  let n = 0
  await n++
  ;[1].forEach(() => n++)
  await (0, n)
  return n
}

(async () => {
  results.push(await annexB());
  results.push([...blockFunctions(true)], [...blockFunctions(false)]);
  results.push(await mapped('a', 'b', 'c'));
  results.push(await sloppyThis(), await sloppyThis.call(1));
  results.push(await topAgainInBlock(), await topAndVar(), [...duplicates()]);
  results.push(await evaluates('local + typeof evaluates'), await evaluates('var created = 1; created'));
  results.push(await withScope({ x: 'from with' }), await asi());
  console.log(JSON.stringify(results, null, 1));
  console.log('done');
})();
