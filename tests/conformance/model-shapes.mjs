// Checks raw rest-json responses against the API model (model/medical-imaging-2023-07-19.service-2.json): member names,
// required members, types, enums, patterns and lengths of the output shape, and for errors the status code, the
// x-amzn-ErrorType name and the error shape. AWS's client ignores unknown members and tolerates missing ones, so
// these are deviations the SDK-driven tests alone would not see.
import { readFileSync } from 'node:fs';

export const model = JSON.parse(readFileSync(new URL('./model/medical-imaging-2023-07-19.service-2.json', import.meta.url), 'utf8'));
const shapes = model.shapes;
const patternCache = new Map();

function pattern(source) {
  if (!patternCache.has(source)) patternCache.set(source, new RegExp(`^(?:${source})$`, 'u'));
  return patternCache.get(source);
}

/** Problems (strings) found in one recorded exchange { operation, statusCode, headers, body: Uint8Array }. */
export function exchangeProblems(exchange) {
  const operation = model.operations[exchange.operation];
  if (!operation) return [`${exchange.operation}: not an operation of the model`];
  const problems = [];
  const where = `${exchange.operation} (HTTP ${exchange.statusCode})`;
  if (exchange.statusCode === (operation.http.responseCode ?? 200)) {
    checkOutput(operation, exchange, where, problems);
  } else {
    checkError(operation, exchange, where, problems);
  }
  return problems;
}

function checkOutput(operation, exchange, where, problems) {
  const output = operation.output && shapes[operation.output.shape];
  if (!output) return;
  if (output.payload) {
    const payload = shapes[output.members[output.payload].shape];
    if (payload.type === 'blob') return; // e.g. GetImageSetMetadata: the body is the blob itself
  }
  const body = parseJson(exchange.body, where, problems);
  if (body === undefined) return;
  const bodyMembers = Object.fromEntries(Object.entries(output.members ?? {}).filter(([, m]) => !m.location));
  checkStructure(body, { ...output, members: bodyMembers }, where, problems);
}

// Authentication failures come from AWS's request authentication in front of every service, so no service model
// lists them; AWS's restJson1 services answer them with 403 and {"message"} (the local service's README lists them).
const AUTHENTICATION_ERRORS = new Set([
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'UnrecognizedClientException',
]);

function checkError(operation, exchange, where, problems) {
  const header = headerValue(exchange.headers, 'x-amzn-errortype');
  if (!header) {
    problems.push(`${where}: error response without x-amzn-ErrorType`);
    return;
  }
  const name = header.split(':')[0];
  if (AUTHENTICATION_ERRORS.has(name)) {
    if (exchange.statusCode !== 403) problems.push(`${where}: ${name} must be HTTP 403`);
    const body = parseJson(exchange.body, where, problems);
    if (body !== undefined && typeof body.message !== 'string') problems.push(`${where}: ${name} needs a string "message"`);
    return;
  }
  const shape = shapes[name];
  if (!shape || !shape.exception) {
    problems.push(`${where}: x-amzn-ErrorType ${name} is not an error shape of the model`);
    return;
  }
  if (!(operation.errors ?? []).some((e) => e.shape === name)) {
    problems.push(`${where}: ${name} is not among the errors the model lists for ${operation.name}`);
  }
  if (shape.error?.httpStatusCode !== exchange.statusCode) {
    problems.push(`${where}: ${name} must be HTTP ${shape.error?.httpStatusCode}`);
  }
  const body = parseJson(exchange.body, where, problems);
  if (body !== undefined) checkStructure(body, shape, `${where} ${name}`, problems);
}

function parseJson(bytes, where, problems) {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    problems.push(`${where}: body is not JSON: ${text.slice(0, 80)}`);
    return undefined;
  }
}

function headerValue(headers, name) {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

function checkStructure(value, shape, path, problems) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  const members = shape.members ?? {};
  for (const [key, memberValue] of Object.entries(value)) {
    const member = members[key];
    if (!member) {
      problems.push(`${path}: member "${key}" is not in the model`);
      continue;
    }
    if (memberValue === null) continue;
    checkValue(memberValue, member.shape, `${path}.${key}`, problems);
  }
  for (const required of shape.required ?? []) {
    if (value[required] === undefined || value[required] === null) problems.push(`${path}: required member "${required}" missing`);
  }
  if (shape.union) {
    const set = Object.keys(value).filter((k) => value[k] !== null && value[k] !== undefined);
    if (set.length !== 1) problems.push(`${path}: a union must set exactly one member, has ${set.length}`);
  }
}

function checkValue(value, shapeName, path, problems) {
  const shape = shapes[shapeName];
  switch (shape.type) {
    case 'structure':
      checkStructure(value, shape, path, problems);
      return;
    case 'list':
      if (!Array.isArray(value)) {
        problems.push(`${path}: expected a list`);
        return;
      }
      checkLength(value.length, shape, path, problems);
      value.forEach((item, i) => checkValue(item, shape.member.shape, `${path}[${i}]`, problems));
      return;
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${path}: expected a map`);
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        checkValue(k, shape.key.shape, `${path} key`, problems);
        checkValue(v, shape.value.shape, `${path}.${k}`, problems);
      }
      return;
    case 'string':
      if (typeof value !== 'string') {
        problems.push(`${path}: expected a string (${shapeName}), got ${typeof value}`);
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${path}: "${value}" is not in the ${shapeName} enum`);
      if (shape.pattern && !pattern(shape.pattern).test(value)) problems.push(`${path}: "${value}" does not match ${shapeName} pattern ${shape.pattern}`);
      checkLength([...value].length, shape, path, problems);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) {
        problems.push(`${path}: expected an integer (${shapeName}), got ${JSON.stringify(value)}`);
        return;
      }
      if (shape.min !== undefined && value < shape.min) problems.push(`${path}: ${value} below ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) problems.push(`${path}: ${value} above ${shape.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'timestamp':
      // rest-json body timestamps default to epoch seconds as a JSON number.
      if (typeof value !== 'number' || value < 1e9 || value > 1e10) problems.push(`${path}: expected epoch seconds, got ${JSON.stringify(value)}`);
      return;
    case 'blob':
      if (typeof value !== 'string') problems.push(`${path}: expected a base64 string`);
      return;
    default:
      problems.push(`${path}: unhandled shape type ${shape.type}`);
  }
}

function checkLength(length, shape, path, problems) {
  if (shape.min !== undefined && length < shape.min) problems.push(`${path}: length ${length} below ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) problems.push(`${path}: length ${length} above ${shape.max}`);
}
