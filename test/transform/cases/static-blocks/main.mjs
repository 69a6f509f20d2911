// Class static blocks: `this`, order with static fields, private access,
// their own var scope, and functions declared inside them.
const order = [];
let leak;
class Config {
  static #secret = 'secret';
  static before = (order.push('static field before'), 'before');
  static {
    order.push('block 1 sees before: ' + this.before + ', after: ' + this.after);
    var scopedVar = 'block var';
    this.fromBlock = scopedVar;
    function helper(x) {
      return x + '!';
    }
    this.helped = helper('helped');
    const arrow = () => this.name;
    this.arrowSawThis = arrow();
    leak = () => Config.#secret;
  }
  static after = (order.push('static field after'), 'after');
  static {
    order.push('block 2 sees after: ' + this.after);
    try {
      this.instance = new this();
    } catch (e) {
      order.push('block 2 ' + e.message);
    }
  }
  constructor() {
    order.push('constructor during static init');
  }
}
console.log(order.join('\n'));
console.log(Config.fromBlock, Config.helped, Config.arrowSawThis, leak(), typeof scopedVar, Config.instance instanceof Config);
class Sub extends Config {
  static {
    this.parentName = super.constructor === Function ? 'super works' : 'no';
    this.inherited = this.before;
  }
}
console.log(Sub.parentName, Sub.inherited);
const Anonymous = class {
  static {
    this.named = this.name;
  }
};
console.log('anonymous class name seen by block', Anonymous.named);
console.log('done');
