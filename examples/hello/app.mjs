// A small program to trace: a recursive function, a class with a getter,
// an async pipeline and a TypeScript module.
import { Circle, Square, totalArea } from './shapes.ts';

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchShapes() {
  await delay(1);
  return [new Circle(1), new Square(2), new Circle(0.5)];
}

async function main() {
  const shapes = await fetchShapes();
  console.log(`fib(10) = ${fib(10)}`);
  console.log(`total area = ${totalArea(shapes).toFixed(3)}`);
}

await main();
