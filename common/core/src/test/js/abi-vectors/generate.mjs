// Golden vectors for common/abi: random logs over many event shapes, encoded AND decoded by
// ethers, expected values converted to the suite's JSON convention (DESIGN.md, common/abi).
// Deterministic: a seeded PRNG drives every choice, so a re-run reproduces the file byte for byte.
// Run: npm ci && node generate.mjs   (writes ../../resources/abi/vectors.json)

import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ethers } from "ethers";

const SEED = 0x5eed2024;
const LOGS_PER_EVENT = 8;
const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../resources/abi/vectors.json");

// mulberry32: small, seedable, good enough to pick test values.
let state = SEED >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const randomBytes = (n) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(256);
  return b;
};
const randomBigBits = (bits) => {
  if (bits <= 0) return 0n;
  const hex = ethers.hexlify(randomBytes(Math.ceil(bits / 8)));
  return BigInt(hex) & ((1n << BigInt(bits)) - 1n);
};

// ---- Event shapes -------------------------------------------------------------------------------
const p = (type, name, indexed, components) => {
  const o = { name: name ?? "", type };
  if (indexed !== undefined) o.indexed = indexed;
  if (components) o.components = components;
  return o;
};
const ev = (name, inputs, anonymous = false) => ({ type: "event", name, inputs, anonymous });

const shapes = [
  ev("Transfer", [p("address", "from", true), p("address", "to", true), p("uint256", "value", false)]),
  ev("Approval", [p("address", "owner", true), p("address", "spender", true), p("uint256", "value", false)]),
  ev("TransferNft", [p("address", "from", true), p("address", "to", true), p("uint256", "tokenId", true)]),
  ev("Swap", [
    p("address", "sender", true),
    p("tuple[]", "legs", false, [p("uint256", "amount"), p("bytes32", "pool")]),
    p("int24", "tick", false),
  ]),
  ev("SwapV3", [
    p("address", "sender", true), p("address", "recipient", true), p("int256", "amount0", false),
    p("int256", "amount1", false), p("uint160", "sqrtPriceX96", false), p("uint128", "liquidity", false),
    p("int24", "tick", false),
  ]),
  ev("SmallUints", [p("uint8", "a"), p("uint16", "b"), p("uint24", "c"), p("uint32", "d"), p("uint40", "e"), p("uint48", "f")]),
  ev("WideUints", [p("uint56", "a"), p("uint64", "b"), p("uint72", "c"), p("uint96", "d"), p("uint128", "e"), p("uint200", "f"), p("uint256", "g")]),
  ev("SmallInts", [p("int8", "a"), p("int16", "b"), p("int24", "c"), p("int32", "d"), p("int40", "e"), p("int48", "f")]),
  ev("WideInts", [p("int56", "a"), p("int64", "b"), p("int72", "c"), p("int128", "d"), p("int208", "e"), p("int256", "f")]),
  ev("IndexedInts", [p("int8", "a", true), p("int64", "b", true), p("int256", "c", true), p("uint48", "d")]),
  ev("IndexedSmall", [p("uint8", "a", true), p("bool", "b", true), p("bytes4", "c", true)]),
  ev("FixedBytes", [p("bytes1", "b1"), p("bytes2", "b2"), p("bytes4", "b4"), p("bytes8", "b8"), p("bytes16", "b16"), p("bytes20", "b20"), p("bytes31", "b31"), p("bytes32", "b32")]),
  ev("Flags", [p("bool", "on"), p("bool", "off"), p("bool[]", "many"), p("bool[3]", "three")]),
  ev("Blob", [p("bytes", "blob")]),
  ev("Message", [p("address", "author", true), p("string", "text")]),
  ev("TwoStrings", [p("string", "a"), p("string", "b"), p("uint8", "n")]),
  ev("IndexedString", [p("string", "key", true), p("string", "value")]),
  ev("IndexedBytes", [p("bytes", "key", true), p("bytes", "value")]),
  ev("IndexedArray", [p("uint256[]", "ids", true), p("address[2]", "pair", true), p("uint256", "n")]),
  ev("IndexedTuple", [
    p("tuple", "point", true, [p("int32", "x"), p("int32", "y")]),
    p("tuple", "named", true, [p("string", "label"), p("uint8", "n")]),
    p("bool", "ok"),
  ]),
  ev("UintArrays", [p("uint256[]", "big"), p("uint8[]", "small"), p("uint32[4]", "four")]),
  ev("IntArrays", [p("int256[]", "big"), p("int16[]", "small"), p("int64[2]", "two")]),
  ev("AddressArrays", [p("address[]", "list"), p("address[3]", "triple")]),
  ev("BytesArrays", [p("bytes32[]", "hashes"), p("bytes[]", "blobs"), p("bytes4[2]", "sels")]),
  ev("StringArrays", [p("string[]", "names"), p("string[2]", "pair")]),
  ev("NestedArrays", [p("uint256[][]", "grid"), p("uint8[2][]", "pairs"), p("string[][]", "words")]),
  ev("FixedOfDynamic", [p("uint256[][2]", "two"), p("bytes[2][2]", "square")]),
  ev("DeepArrays", [p("uint16[][][]", "cube"), p("bool[2][2][2]", "bits")]),
  ev("Order", [
    p("address", "maker", true),
    p("tuple", "order", false, [p("address", "token"), p("uint256", "amount"), p("uint64", "deadline"), p("bool", "partial")]),
  ]),
  ev("NestedTuple", [
    p("tuple", "outer", false, [
      p("uint32", "id"),
      p("tuple", "inner", false, [p("string", "label"), p("bytes", "payload"), p("int8", "sign")]),
      p("address[]", "owners"),
    ]),
  ]),
  ev("TupleArrays", [
    p("tuple[]", "fills", false, [p("address", "taker"), p("uint256", "amount")]),
    p("tuple[2]", "bounds", false, [p("int24", "lower"), p("int24", "upper")]),
  ]),
  ev("DynamicTupleArray", [
    p("tuple[]", "notes", false, [p("string", "text"), p("uint16[]", "tags"), p("bytes32", "ref")]),
  ]),
  ev("TupleOfTupleArrays", [
    p("tuple", "book", false, [
      p("string", "title"),
      p("tuple[]", "chapters", false, [p("string", "name"), p("tuple[]", "pages", false, [p("uint16", "n"), p("bytes", "text")])]),
    ]),
  ]),
  ev("FixedTupleOfDynamic", [p("tuple[2]", "pair", false, [p("string", "k"), p("uint256", "v")])]),
  ev("Unnamed", [p("address", "", true), p("uint256", ""), p("string", ""), p("bool", "flag")]),
  ev("UnnamedComponents", [p("tuple", "t", false, [p("uint8", ""), p("string", ""), p("bytes2", "named")])]),
  ev("ReservedNames", [p("address", "address", true), p("uint64", "block_number"), p("bool", "removed"), p("string", "_address")]),
  ev("Anon", [p("address", "who", true), p("uint256", "amount", true), p("bytes", "memo")], true),
  ev("AnonFour", [p("bytes32", "a", true), p("uint8", "b", true), p("address", "c", true), p("string", "d", true), p("int16", "e")], true),
  ev("AnonEmpty", [], true),
  ev("Paused", []),
  ev("OnlyIndexed", [p("address", "account", true), p("bytes32", "role", true), p("address", "sender", true)]),
  ev("Mixed", [
    p("uint256", "id", true), p("string", "uri"), p("bytes32[2]", "roots"), p("int120", "delta"),
    p("tuple[]", "splits", false, [p("address", "to"), p("uint16", "bps")]), p("bool", "final"),
  ]),
  ev("LongValues", [p("bytes", "code"), p("string", "doc"), p("uint256[]", "series")]),
];

// Components carry no "indexed" (ethers rejects it there); the helper adds it everywhere.
const stripIndexed = (q) => {
  delete q.indexed;
  (q.components || []).forEach(stripIndexed);
};
shapes.forEach((e) => e.inputs.forEach((q) => (q.components || []).forEach(stripIndexed)));

// internalType appears in real ABIs and must be ignored: add it to a few inputs.
shapes[0].inputs[0].internalType = "address";
shapes[3].inputs[1].internalType = "struct Router.Leg[]";
shapes[28].inputs[1].internalType = "struct Exchange.Order";

// ---- Random values ------------------------------------------------------------------------------
const TEXTS = [
  "", "a", "hello world", "héllo wörld", "日本語のテキスト", "emoji 🚀🌍✨", "tab\tnew\nline \"quoted\" \\",
  "Ω≈ç√∫˜µ≤≥÷", "x".repeat(31), "y".repeat(32), "z".repeat(33),
];
function randomString() {
  const r = rand();
  if (r < 0.7) return pick(TEXTS);
  if (r < 0.85) {
    let s = "";
    const n = 40 + int(300);
    for (let i = 0; i < n; i++) s += String.fromCharCode(32 + int(95));
    return s;
  }
  return "Ünïcödé ✓ ".repeat(10 + int(30));
}
function randomDynBytes() {
  return ethers.hexlify(randomBytes(pick([0, 0, 1, 20, 31, 32, 33, 64, 65, 100 + int(500)])));
}
function bitsOf(type) {
  const m = type.match(/^u?int(\d*)$/);
  return m[1] === "" ? 256 : Number(m[1]);
}
function randomUint(bits) {
  const max = (1n << BigInt(bits)) - 1n;
  return pick([0n, 1n, max, max - 1n, randomBigBits(bits), randomBigBits(Math.min(bits, 8 + int(bits)))]);
}
function randomInt(bits) {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -(1n << BigInt(bits - 1));
  const v = randomBigBits(bits - 1);
  return pick([0n, 1n, -1n, max, min, min + 1n, v, -v, -randomBigBits(Math.min(bits - 1, 4 + int(bits)))]);
}
function value(param) {
  const t = param.baseType;
  if (t === "array") {
    const n = param.arrayLength === -1 ? pick([0, 1, 2, 3, 4, int(7)]) : param.arrayLength;
    const out = [];
    for (let i = 0; i < n; i++) out.push(value(param.arrayChildren));
    return out;
  }
  if (t === "tuple") return param.components.map(value);
  if (t === "address") return ethers.getAddress(ethers.hexlify(randomBytes(20)));
  if (t === "bool") return rand() < 0.5;
  if (t === "string") return randomString();
  if (t === "bytes") return randomDynBytes();
  if (t.startsWith("bytes")) return ethers.hexlify(randomBytes(Number(t.slice(5))));
  if (t.startsWith("uint")) return randomUint(bitsOf(t));
  if (t.startsWith("int")) return randomInt(bitsOf(t));
  throw new Error("no generator for " + t);
}

// ---- Our JSON convention, applied to ethers' decoded values --------------------------------------
const RESERVED = new Set(["block_number", "block_hash", "transaction_hash", "transaction_index", "log_index", "address", "removed", "timestamp", "chain_id", "event_id", "event_name", "subscription_id", "subscriber_id"]);

function keys(params, topLevel) {
  const names = params.map((q, i) => (q.name ? q.name : "arg" + i));
  if (!topLevel) return names;
  const taken = new Set([...names, ...RESERVED]);
  return names.map((n) => {
    if (!RESERVED.has(n)) return n;
    let m = "_" + n;
    while (taken.has(m)) m = "_" + m;
    taken.add(m);
    return m;
  });
}
function toJson(param, v) {
  if (v instanceof ethers.Indexed) return v.hash.toLowerCase();
  const t = param.baseType;
  if (t === "array") return Array.from(v, (x) => toJson(param.arrayChildren, x));
  if (t === "tuple") {
    const ks = keys(param.components, false);
    const o = {};
    param.components.forEach((c, i) => (o[ks[i]] = toJson(c, v[i])));
    return o;
  }
  if (t === "address") return ethers.getAddress(v);
  if (t === "bool" || t === "string") return v;
  if (t.startsWith("bytes")) return v.toLowerCase();
  if (t.startsWith("uint") || t.startsWith("int")) return bitsOf(t) <= 48 ? Number(v) : v.toString();
  throw new Error("no conversion for " + t);
}
const hashedWhenIndexed = (q) => q.baseType === "array" || q.baseType === "tuple" || q.type === "string" || q.type === "bytes";

// ---- Encode, decode, record ---------------------------------------------------------------------
const coder = ethers.AbiCoder.defaultAbiCoder();
const events = [];
let logCount = 0;
for (const abi of shapes) {
  const iface = new ethers.Interface([abi]);
  const frag = iface.getEvent(abi.name);
  const logs = [];
  for (let n = 0; n < LOGS_PER_EVENT; n++) {
    const values = frag.inputs.map(value);
    let topics;
    let data;
    if (frag.inputs.some((q) => q.indexed && (q.baseType === "array" || q.baseType === "tuple"))) {
      // ethers does not encode indexed arrays and tuples; their topic is a keccak like Solidity's.
      topics = frag.anonymous ? [] : [frag.topicHash];
      const dataTypes = [];
      const dataValues = [];
      frag.inputs.forEach((q, i) => {
        if (!q.indexed) {
          dataTypes.push(q);
          dataValues.push(values[i]);
        } else if (q.type === "string") topics.push(ethers.id(values[i]));
        else if (q.type === "bytes") topics.push(ethers.keccak256(values[i]));
        else if (hashedWhenIndexed(q)) topics.push(ethers.keccak256(coder.encode([q], [values[i]])));
        else topics.push(coder.encode([q], [values[i]]));
      });
      data = coder.encode(dataTypes, dataValues);
    } else {
      ({ topics, data } = iface.encodeEventLog(frag, values));
    }
    const decoded = iface.decodeEventLog(frag, data, topics);
    const ks = keys(frag.inputs, true);
    const expected = {};
    frag.inputs.forEach((q, i) => (expected[ks[i]] = toJson(q, decoded[i])));

    const log = {
      address: ethers.hexlify(randomBytes(20)),
      topics,
      data,
      blockNumber: "0x" + (1 + int(20_000_000)).toString(16),
      blockHash: ethers.hexlify(randomBytes(32)),
      transactionHash: ethers.hexlify(randomBytes(32)),
      transactionIndex: "0x" + int(300).toString(16),
      logIndex: "0x" + int(1000).toString(16),
      removed: rand() < 0.1,
    };
    Object.assign(expected, {
      block_number: Number(BigInt(log.blockNumber)),
      block_hash: log.blockHash,
      transaction_hash: log.transactionHash,
      transaction_index: Number(BigInt(log.transactionIndex)),
      log_index: Number(BigInt(log.logIndex)),
      address: ethers.getAddress(log.address),
      removed: log.removed,
    });
    logs.push({ log, expected });
    logCount++;
  }
  events.push({ abi, signature: frag.format("sighash"), topic0: frag.topicHash, logs });
}

const doc = {
  generator: "common/core/src/test/js/abi-vectors/generate.mjs",
  ethers: ethers.version,
  seed: SEED,
  eventCount: events.length,
  logCount,
  events,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(doc, null, 1) + "\n");
console.log(`wrote ${logCount} logs over ${events.length} events to ${OUT}`);
