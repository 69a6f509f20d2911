export default () => 2;
