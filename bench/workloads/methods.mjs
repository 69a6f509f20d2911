// Method-heavy class code: getters, methods and super calls that TurboFan
// inlines into the loop. 8 instrumented calls per iteration (Vec3's dot and
// len2 each call Vec's through super).
class Vec {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  get len2() {
    return this.x * this.x + this.y * this.y;
  }
  add(o) {
    this.x += o.x;
    this.y += o.y;
    return this;
  }
  scale(k) {
    this.x *= k;
    this.y *= k;
    return this;
  }
  dot(o) {
    return this.x * o.x + this.y * o.y;
  }
}

class Vec3 extends Vec {
  constructor(x, y, z) {
    super(x, y);
    this.z = z;
  }
  get len2() {
    return super.len2 + this.z * this.z;
  }
  dot(o) {
    return super.dot(o) + this.z * o.z;
  }
}

const a = new Vec(1, 2);
const b = new Vec(0.5, 0.25);
const c = new Vec3(1, 2, 3);
const d = new Vec3(3, 2, 1);

export const kind = 'sync';
const N = 5000;
export const calls = 8 * N;
export function run() {
  let s = 0;
  for (let i = 0; i < N; i++) {
    a.add(b);
    s += a.dot(b);
    s += a.len2;
    a.scale(0.5);
    s += c.dot(d);
    s += c.len2;
  }
  return s;
}
