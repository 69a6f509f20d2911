export default class {
  m() {
    return 3;
  }
}
