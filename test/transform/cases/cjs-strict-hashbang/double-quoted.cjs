"use strict"
module.exports = () => [typeof (function () { return this; })()];
