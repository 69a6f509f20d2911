/** @jsx h */
/** @jsxFrag Fragment */
// JSX with a pragma naming a local factory; comp.jsx gets its factory from
// this folder's tsconfig.json instead.
import { List, el, Frag } from './comp.jsx';

const Fragment = Symbol('Fragment');
const calls = [];
function h(type, props, ...children) {
  calls.push(typeof type === 'function' ? type.name : String(type.description ?? type));
  if (typeof type === 'function') return type({ ...props, children });
  const attrs = Object.entries(props ?? {})
    .filter(([k]) => k !== 'key')
    .map(([k, v]) => ` ${k}=${typeof v === 'function' ? 'fn' : JSON.stringify(v)}`)
    .join('');
  const inner = children.flat().filter((c) => c != null && c !== false).join('');
  return type === Fragment ? `[${inner}]` : `<${type}${attrs}>${inner}</${type}>`;
}
const Item = ({ label, done }) => <li class={done ? 'done' : 'todo'}>{label}</li>;
function Card({ title, children }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
class Counter {
  constructor(start) {
    this.value = start;
  }
  render() {
    return <span onClick={() => this.value++}>{this.value}</span>;
  }
}
const items = [
  { label: 'a & b', done: true },
  { label: 'c', done: false },
];
const spread = { id: 'x', 'data-n': 1 };
console.log(
  <Card title="Todo">
    <ul {...spread}>
      {items.map((it, i) => (
        <Item key={i} {...it} />
      ))}
    </ul>
    {items.length > 1 && <p>many &amp; more</p>}
    {items.length > 5 ? <p>lots</p> : null}
  </Card>,
);
console.log(<>fragment {'text'} <b>bold</b></>);
console.log(new Counter(3).render());
console.log(
  <p>
    whitespace
    collapses   here
  </p>,
);
console.log(List({ entries: ['x', 'y'] }));
console.log(el.calls.join(','), Frag.description);
console.log(calls.join(','));
const Broken = () => <div>{null.property}</div>;
try {
  Broken();
} catch (e) {
  const top = e.stack.split('\n')[1];
  console.log('throw site', /([^/\\]+\.jsx):(\d+):(\d+)/.exec(top)?.slice(1).join(':'));
}
console.log('done');
