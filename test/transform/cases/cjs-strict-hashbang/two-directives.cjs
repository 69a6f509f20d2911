'use custom'; 'use strict'
module.exports = function report() {
  try {
    undeclaredHere = 1;
    return 'sloppy';
  } catch (e) {
    return e.constructor.name;
  }
};
