export default (function () { return 4; });
