// The factory comes from tsconfig.json (jsxFactory el, jsxFragmentFactory Frag).
export const Frag = Symbol('Frag');
export function el(type, props, ...children) {
  el.calls.push(typeof type === 'symbol' ? type.description : type);
  const inner = children.join('|');
  return type === Frag ? `{${inner}}` : `(${type}${props?.n ?? ''} ${inner})`;
}
el.calls = [];
export const List = ({ entries }) => (
  <>
    {entries.map((e, i) => (
      <i n={i}>{e}</i>
    ))}
  </>
);
