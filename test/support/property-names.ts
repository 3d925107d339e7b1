/**
 * Words that are also JavaScript property names. Looking any of them up on a plain object (`{}`) finds
 * something on `Object.prototype` (or, for `__proto__`, changes the prototype) instead of "nothing", so
 * every engine that keys a table by an untrusted string is fuzzed with them (issue 9).
 */
export const PROPERTY_NAMES: readonly string[] = Object.freeze([
  // Object.prototype
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  // Function.prototype and friends: things that exist on functions, arrays, promises and strings.
  'then',
  'catch',
  'finally',
  'length',
  'name',
  'call',
  'apply',
  'bind',
  'arguments',
  'caller',
  'toJSON',
  'size',
  'get',
  'set',
  'has',
  'delete',
  'keys',
  'values',
  'entries',
  'forEach',
  'map',
  'push',
  'concat',
  'join',
  'slice',
  'splice',
  'indexOf',
  'includes',
  'at',
  'replace',
  'split',
  'charAt',
  'trim',
  'Symbol.iterator',
  // Lower-case forms, as an analyzer that lower-cases would see them.
  'tostring',
  'valueof',
  'hasownproperty',
  'isprototypeof',
  'propertyisenumerable',
  'tolocalestring',
  'tojson',
  'foreach',
  'indexof',
  'charat',
]);

/** The dictionary joined into one text: what a document or message made only of these words looks like. */
export function propertyNameText(separator = ' '): string {
  return PROPERTY_NAMES.join(separator);
}
