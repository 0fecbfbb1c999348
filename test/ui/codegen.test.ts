/**
 * The Code panel's generator: the programs parse (Python with ast.parse, JavaScript with vm.Script,
 * Java with javac against stub client classes), learner strings survive any characters, and the
 * settings in the code match the simulated producer or consumer.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import vm from 'node:vm'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { AssignorName, ConsumerConfig, ProducerConfig } from '../../src/engine'
import { ASSIGNOR_NAMES, CONSUMER_DEFAULTS, PRODUCER_DEFAULTS } from '../../src/engine'
import type { CodeLanguage, ConsumerCodeInput, ProducerCodeInput } from '../../src/codegen'
import { JAVA_CONSUMER_CLASS, JAVA_PRODUCER_CLASS, LANGUAGE_LABELS, consumerCode, producerCode } from '../../src/codegen'
import { javaStr, jsStr, pyStr } from '../../src/codegen/escape'

const SEED = 20260601
const RUNS = 120
const LANGUAGES: CodeLanguage[] = ['python', 'java', 'javascript']

// ---------------------------------------------------------------------------------------------
// Inputs

const SPECIALS = [
  "'", '"', '\\', '\n', '\r', '\t', '\0', '\b', '\f', '\v', '\x1b', '\x7f', '\x85', '\u00a0', '\u2028', '\u2029',
  '\ufeff', '\u200b', '\ud800', '\udfff', '\ud83d', '\ude00', '😀', 'é', 'ß', '中', '${x}', '`', '*/', '/*', '#', '//',
  '\\u000a', '\\u0022', '\\n', '%s', '%n', '{}', '"""', "'''", 'a', ' ', '0',
]

/** Strings a learner might type, and worse: quotes, backslashes, newlines, any code point, lone surrogates. */
const tricky: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.array(fc.constantFrom(...SPECIALS), { maxLength: 8 }).map((a) => a.join('')),
  fc.constantFrom('user-activity', 'my-consumer-group', 'orders.v2_EU-1'),
)

const producerConfig: fc.Arbitrary<ProducerConfig> = fc.record({
  acks: fc.constantFrom('all' as const, '1' as const, '0' as const),
  'linger.ms': fc.constantFrom(0, 5, 100, 1000),
  'batch.size': fc.constantFrom(16384, 1024, 100000),
  'max.in.flight.requests.per.connection': fc.constantFrom(5, 1),
  'delivery.timeout.ms': fc.constantFrom(120000, 30000),
  'request.timeout.ms': fc.constantFrom(30000, 5000),
  'retry.backoff.ms': fc.constantFrom(100, 1000),
  'retry.backoff.max.ms': fc.constant(1000),
  'metadata.max.age.ms': fc.constantFrom(300000, 5000),
  'enable.idempotence': fc.boolean(),
})

const producerInput: fc.Arbitrary<ProducerCodeInput> = fc.record({
  id: tricky,
  topic: tricky,
  keys: fc.oneof(
    fc.constant({ mode: 'none' as const }),
    fc.constant({ mode: 'user-id' as const }),
    fc.array(tricky, { maxLength: 4 }).map((keys) => ({ mode: 'custom' as const, keys })),
  ),
  value: fc.oneof(
    fc.integer({ min: 0, max: 20 }).map((users) => ({ kind: 'click-event' as const, users })),
    tricky.map((text) => ({ kind: 'text' as const, text })),
  ),
  partitioner: fc.constantFrom('sticky' as const, 'round-robin' as const, 'random' as const),
  rate: fc.constantFrom(0, 0.5, 1, 3, 1000, 5000),
  maxRecords: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  config: producerConfig,
  fixedPartition: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
})

const assignors: fc.Arbitrary<AssignorName[]> = fc.oneof(
  fc.constant<AssignorName[]>([...CONSUMER_DEFAULTS['partition.assignment.strategy']]),
  fc.shuffledSubarray<AssignorName>([...ASSIGNOR_NAMES], { minLength: 1 }),
)

const consumerConfig: fc.Arbitrary<ConsumerConfig> = fc.record({
  'group.instance.id': fc.option(tricky, { nil: null }),
  'session.timeout.ms': fc.constantFrom(45000, 10000, 30000),
  'heartbeat.interval.ms': fc.constantFrom(3000, 1000),
  'max.poll.interval.ms': fc.constantFrom(300000, 60000, 5000),
  'max.poll.records': fc.constantFrom(500, 1, 10),
  'enable.auto.commit': fc.boolean(),
  'auto.commit.interval.ms': fc.constantFrom(5000, 1000),
  'auto.offset.reset': fc.constantFrom('earliest' as const, 'latest' as const, 'none' as const),
  'partition.assignment.strategy': assignors,
  'fetch.min.bytes': fc.constantFrom(1, 1024),
  'fetch.max.wait.ms': fc.constantFrom(500, 100),
  'max.partition.fetch.bytes': fc.constantFrom(1048576, 4096),
  'metadata.max.age.ms': fc.constantFrom(300000, 5000),
  'request.timeout.ms': fc.constantFrom(30000, 5000),
  'retry.backoff.ms': fc.constantFrom(100, 1000),
})

const consumerInput: fc.Arbitrary<ConsumerCodeInput> = fc.record({
  id: tricky,
  groupId: tricky,
  topics: fc.array(tricky, { minLength: 1, maxLength: 3 }),
  processingMs: fc.constantFrom(0, 1, 250, 2000),
  config: consumerConfig,
})

const producers = fc.sample(producerInput, { seed: SEED, numRuns: RUNS })
const consumers = fc.sample(consumerInput, { seed: SEED + 1, numRuns: RUNS })
const strings = fc.sample(tricky, { seed: SEED + 2, numRuns: 400 })

function programs(language: CodeLanguage): string[] {
  return [...producers.map((p) => producerCode(p, language)), ...consumers.map((c) => consumerCode(c, language))]
}

/** A Hello-Kafka producer (producer.py of the classic tutorial), with overrides. */
function producer(over: Partial<ProducerCodeInput> = {}, config: Partial<ProducerConfig> = {}): ProducerCodeInput {
  return {
    id: 'producer-1',
    topic: 'user-activity',
    keys: { mode: 'none' },
    value: { kind: 'click-event', users: 3 },
    partitioner: 'random',
    rate: 1,
    maxRecords: 10,
    fixedPartition: null,
    ...over,
    config: { ...PRODUCER_DEFAULTS, ...config },
  }
}

/** A Hello-Kafka consumer (consumer.py), with overrides. */
function consumer(over: Partial<ConsumerCodeInput> = {}, config: Partial<ConsumerConfig> = {}): ConsumerCodeInput {
  return {
    id: 'consumer-1',
    groupId: 'my-consumer-group',
    topics: ['user-activity'],
    processingMs: 0,
    ...over,
    config: { ...CONSUMER_DEFAULTS, ...config },
  }
}

// ---------------------------------------------------------------------------------------------
// Checkers

const PY_PARSE = `
import ast, json, sys
programs = json.load(sys.stdin)
failures = []
for i, source in enumerate(programs):
    try:
        ast.parse(source)
    except Exception as e:
        failures.append({"index": i, "error": repr(e)})
print(json.dumps(failures))
`

function python(script: string, input: string): string {
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`)
  return r.stdout
}

/** Indices of the programs that do not parse, with Python's error, checked in one python3 process. */
function pythonParseFailures(sources: string[]): { index: number; error: string }[] {
  return JSON.parse(python(PY_PARSE, JSON.stringify(sources))) as { index: number; error: string }[]
}

function jsParseError(source: string): string | null {
  try {
    new vm.Script(source, { filename: 'generated.js' })
    return null
  } catch (e) {
    return String(e)
  }
}

/**
 * A Java lexer just good enough to check structure: string and char literals close on their line,
 * comments are skipped, and braces, parentheses and brackets balance.
 */
function javaStructureError(source: string): string | null {
  const stack: string[] = []
  const pairs: Record<string, string> = { '}': '{', ')': '(', ']': '[' }
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string
    if (ch === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++
    } else if (ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2)
      if (end < 0) return 'unterminated block comment'
      i = end + 1
    } else if (ch === '"' || ch === "'") {
      i++
      while (source[i] !== ch) {
        if (i >= source.length || source[i] === '\n' || source[i] === '\r') return `unterminated literal at ${i}`
        if (source[i] === '\\') i++
        i++
      }
    } else if (ch === '{' || ch === '(' || ch === '[') {
      stack.push(ch)
    } else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) return `unbalanced ${ch} at ${i}`
    }
  }
  return stack.length === 0 ? null : `unclosed ${stack.join('')}`
}

function hasCommand(cmd: string): boolean {
  const r = spawnSync(cmd, ['-version'], { encoding: 'utf8' })
  return r.error === undefined && r.status === 0
}
const HAS_JAVAC = hasCommand('javac') && hasCommand('java')
/** javac and java each start a JVM: seconds, more on a busy 2-core machine. */
const JVM_TIMEOUT_MS = 60_000
const JAVAC_NOTE = HAS_JAVAC ? '' : ' [skipped: javac/java not found on this machine]'

/** Just enough of kafka-clients for the generated programs to compile. */
const JAVA_STUBS: Record<string, string> = {
  'org/apache/kafka/clients/producer/KafkaProducer.java': `package org.apache.kafka.clients.producer;
public class KafkaProducer<K, V> implements AutoCloseable {
    public KafkaProducer(java.util.Properties props) {}
    public java.util.concurrent.Future<Object> send(ProducerRecord<K, V> record) { return null; }
    public void flush() {}
    public void close() {}
}`,
  'org/apache/kafka/clients/producer/ProducerRecord.java': `package org.apache.kafka.clients.producer;
public class ProducerRecord<K, V> {
    public ProducerRecord(String topic, V value) {}
    public ProducerRecord(String topic, K key, V value) {}
    public ProducerRecord(String topic, Integer partition, K key, V value) {}
}`,
  'org/apache/kafka/clients/producer/ProducerConfig.java': `package org.apache.kafka.clients.producer;
public class ProducerConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String CLIENT_ID_CONFIG = "client.id";
    public static final String KEY_SERIALIZER_CLASS_CONFIG = "key.serializer";
    public static final String VALUE_SERIALIZER_CLASS_CONFIG = "value.serializer";
    public static final String ACKS_CONFIG = "acks";
    public static final String LINGER_MS_CONFIG = "linger.ms";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    public static final String DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    public static final String ENABLE_IDEMPOTENCE_CONFIG = "enable.idempotence";
    public static final String PARTITIONER_CLASS_CONFIG = "partitioner.class";
}`,
  'org/apache/kafka/clients/producer/Partitioner.java': `package org.apache.kafka.clients.producer;
public interface Partitioner extends java.io.Closeable {
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, org.apache.kafka.common.Cluster cluster);
    void close();
    void configure(java.util.Map<String, ?> configs);
}`,
  'org/apache/kafka/clients/producer/RoundRobinPartitioner.java': `package org.apache.kafka.clients.producer;
public class RoundRobinPartitioner {}`,
  'org/apache/kafka/common/Cluster.java': `package org.apache.kafka.common;
public class Cluster {
    public java.util.List<PartitionInfo> partitionsForTopic(String topic) { return null; }
    public java.util.List<PartitionInfo> availablePartitionsForTopic(String topic) { return null; }
}`,
  'org/apache/kafka/common/PartitionInfo.java': `package org.apache.kafka.common;
public class PartitionInfo {
    public int partition() { return 0; }
}`,
  'org/apache/kafka/common/utils/Utils.java': `package org.apache.kafka.common.utils;
public class Utils {
    public static int murmur2(byte[] data) { return 0; }
    public static int toPositive(int number) { return number & 0x7fffffff; }
}`,
  'org/apache/kafka/common/serialization/StringSerializer.java': `package org.apache.kafka.common.serialization;
public class StringSerializer {}`,
  'org/apache/kafka/common/serialization/StringDeserializer.java': `package org.apache.kafka.common.serialization;
public class StringDeserializer {}`,
  'org/apache/kafka/clients/consumer/KafkaConsumer.java': `package org.apache.kafka.clients.consumer;
public class KafkaConsumer<K, V> implements AutoCloseable {
    public KafkaConsumer(java.util.Properties props) {}
    public void subscribe(java.util.Collection<String> topics) {}
    public ConsumerRecords<K, V> poll(java.time.Duration timeout) { return null; }
    public void commitSync() {}
    public void close() {}
}`,
  'org/apache/kafka/clients/consumer/ConsumerRecords.java': `package org.apache.kafka.clients.consumer;
public class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    public boolean isEmpty() { return true; }
    public java.util.Iterator<ConsumerRecord<K, V>> iterator() { return null; }
}`,
  'org/apache/kafka/clients/consumer/ConsumerRecord.java': `package org.apache.kafka.clients.consumer;
public class ConsumerRecord<K, V> {
    public String topic() { return null; }
    public int partition() { return 0; }
    public long offset() { return 0; }
    public K key() { return null; }
    public V value() { return null; }
}`,
  'org/apache/kafka/clients/consumer/ConsumerConfig.java': `package org.apache.kafka.clients.consumer;
public class ConsumerConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String CLIENT_ID_CONFIG = "client.id";
    public static final String GROUP_ID_CONFIG = "group.id";
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    public static final String KEY_DESERIALIZER_CLASS_CONFIG = "key.deserializer";
    public static final String VALUE_DESERIALIZER_CLASS_CONFIG = "value.deserializer";
    public static final String AUTO_OFFSET_RESET_CONFIG = "auto.offset.reset";
    public static final String ENABLE_AUTO_COMMIT_CONFIG = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS_CONFIG = "auto.commit.interval.ms";
    public static final String PARTITION_ASSIGNMENT_STRATEGY_CONFIG = "partition.assignment.strategy";
    public static final String SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS_CONFIG = "max.poll.interval.ms";
    public static final String MAX_POLL_RECORDS_CONFIG = "max.poll.records";
    public static final String FETCH_MIN_BYTES_CONFIG = "fetch.min.bytes";
    public static final String FETCH_MAX_WAIT_MS_CONFIG = "fetch.max.wait.ms";
    public static final String MAX_PARTITION_FETCH_BYTES_CONFIG = "max.partition.fetch.bytes";
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
}`,
  'org/apache/kafka/clients/consumer/RangeAssignor.java': 'package org.apache.kafka.clients.consumer;\npublic class RangeAssignor {}',
  'org/apache/kafka/clients/consumer/RoundRobinAssignor.java': 'package org.apache.kafka.clients.consumer;\npublic class RoundRobinAssignor {}',
  'org/apache/kafka/clients/consumer/StickyAssignor.java': 'package org.apache.kafka.clients.consumer;\npublic class StickyAssignor {}',
  'org/apache/kafka/clients/consumer/CooperativeStickyAssignor.java':
    'package org.apache.kafka.clients.consumer;\npublic class CooperativeStickyAssignor {}',
}

const tempDirs: string[] = []
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true })
})

/** Writes files under a fresh temp dir and runs javac on all of them; returns javac's output on failure. */
function javac(files: Record<string, string>): { dir: string; error: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-java-'))
  tempDirs.push(dir)
  const paths: string[] = []
  for (const [path, text] of Object.entries({ ...JAVA_STUBS, ...files })) {
    const full = join(dir, 'src', path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, text)
    paths.push(full)
  }
  const r = spawnSync('javac', ['-encoding', 'UTF-8', '-nowarn', '-d', join(dir, 'classes'), ...paths], { encoding: 'utf8' })
  return { dir, error: r.status === 0 ? null : `${r.stdout}\n${r.stderr}` }
}

/** A generated Java program under another class name, so that many compile together. */
function renamed(source: string, from: string, to: string): string {
  return source.replace(`public class ${from} {`, `public class ${to} {`)
}

// ---------------------------------------------------------------------------------------------

describe('code panel: generated programs parse', () => {
  it('every generated Python program (random topics, keys, texts, group ids, configs) parses with ast.parse', () => {
    const sources = programs('python')
    const failures = pythonParseFailures(sources)
    expect(failures.map((f) => ({ ...f, source: sources[f.index] }))).toEqual([])
  })

  it('every generated JavaScript program parses as a script (vm.Script)', () => {
    const failures = programs('javascript')
      .map((source, index) => ({ index, error: jsParseError(source), source }))
      .filter((f) => f.error !== null)
    expect(failures).toEqual([])
  })

  it('every generated Java program has closed literals and balanced braces, and is pure ASCII', () => {
    const failures = programs('java')
      .map((source, index) => ({
        index,
        error: javaStructureError(source) ?? ([...source].every((ch) => ch.charCodeAt(0) < 0x80) ? null : 'non-ASCII character'),
        source,
      }))
      .filter((f) => f.error !== null)
    expect(failures).toEqual([])
  })

  it.skipIf(!HAS_JAVAC)(`generated Java programs compile with javac against stub kafka-clients classes${JAVAC_NOTE}`, () => {
    const files: Record<string, string> = {}
    producers.slice(0, 40).forEach((p, i) => {
      files[`ProducerApp${i}.java`] = renamed(producerCode(p, 'java'), JAVA_PRODUCER_CLASS, `ProducerApp${i}`)
    })
    consumers.slice(0, 40).forEach((c, i) => {
      files[`ConsumerApp${i}.java`] = renamed(consumerCode(c, 'java'), JAVA_CONSUMER_CLASS, `ConsumerApp${i}`)
    })
    // Every partitioner, with and without keys, and every assignor list.
    for (const partitioner of ['sticky', 'round-robin', 'random'] as const) {
      for (const keys of [{ mode: 'none' as const }, { mode: 'user-id' as const }]) {
        const name = `P_${partitioner.replace('-', '_')}_${keys.mode.replace('-', '_')}`
        files[`${name}.java`] = renamed(producerCode(producer({ partitioner, keys, fixedPartition: 1 }), 'java'), JAVA_PRODUCER_CLASS, name)
        files[`${name}_inf.java`] = renamed(
          producerCode(producer({ partitioner, keys, maxRecords: null }), 'java'),
          JAVA_PRODUCER_CLASS,
          `${name}_inf`,
        )
      }
    }
    files['ConsumerAll.java'] = renamed(
      consumerCode(consumer({ processingMs: 100 }, { 'partition.assignment.strategy': [...ASSIGNOR_NAMES], 'enable.auto.commit': false }), 'java'),
      JAVA_CONSUMER_CLASS,
      'ConsumerAll',
    )
    expect(javac(files).error).toBeNull()
  }, JVM_TIMEOUT_MS)
})

describe('code panel: learner strings become exact string literals', () => {
  it('a Python literal evaluates back to the same string (ast.literal_eval), for any characters', () => {
    const script = `
import ast, json, sys
pairs = json.load(sys.stdin)
print(json.dumps([i for i, (lit, s) in enumerate(pairs) if ast.literal_eval(lit) != s]))
`
    const bad = JSON.parse(python(script, JSON.stringify(strings.map((s) => [pyStr(s), s])))) as number[]
    expect(bad.map((i) => ({ string: strings[i], literal: pyStr(strings[i] as string) }))).toEqual([])
  })

  it('a JavaScript literal evaluates back to the same string, for any characters', () => {
    const bad = strings.filter((s) => vm.runInNewContext(jsStr(s)) !== s)
    expect(bad).toEqual([])
  })

  it.skipIf(!HAS_JAVAC)(`a Java literal compiles and runs back to the same UTF-16 string, for any characters${JAVAC_NOTE}`, () => {
    const source = [
      'public class Lits {',
      '    public static void main(String[] args) {',
      '        String[] all = {',
      ...strings.map((s) => `            ${javaStr(s)},`),
      '        };',
      '        StringBuilder out = new StringBuilder();',
      '        for (String s : all) {',
      '            for (int i = 0; i < s.length(); i++) out.append(Integer.toHexString(s.charAt(i))).append(" ");',
      '            out.append("|\\n");',
      '        }',
      '        System.out.print(out);',
      '    }',
      '}',
    ].join('\n')
    const { dir, error } = javac({ 'Lits.java': source })
    expect(error).toBeNull()
    const r = spawnSync('java', ['-cp', join(dir, 'classes'), 'Lits'], { encoding: 'utf8' })
    const expected = strings.map((s) => [...Array(s.length).keys()].map((i) => `${s.charCodeAt(i).toString(16)} `).join('') + '|')
    expect(r.stdout.split('\n').slice(0, -1)).toEqual(expected)
  }, JVM_TIMEOUT_MS)

  it('learner strings appear in the code only as escaped literals (a newline in a topic cannot start a line of code)', () => {
    const evil = "x'\"\n# import os; os.system('boom')\n// */ \\u000a"
    const p = producer({ topic: evil, id: evil, keys: { mode: 'custom', keys: [evil] }, value: { kind: 'text', text: evil } })
    const c = consumer({ topics: [evil], groupId: evil, id: evil }, { 'group.instance.id': evil })
    expect(producerCode(p, 'python')).toContain(`TOPIC = ${pyStr(evil)}`)
    expect(producerCode(p, 'java')).toContain(`TOPIC = ${javaStr(evil)};`)
    expect(producerCode(p, 'javascript')).toContain(`TOPIC = ${jsStr(evil)}`)
    for (const lang of LANGUAGES) {
      for (const code of [producerCode(p, lang), consumerCode(c, lang)]) {
        expect(code).not.toContain('boom\')\n')
        expect(code.split('\n').some((line) => line.startsWith('# import os'))).toBe(false)
      }
    }
    expect(pythonParseFailures([producerCode(p, 'python'), consumerCode(c, 'python')])).toEqual([])
  })
})

describe('code panel: settings match the simulation', () => {
  it('acks=0 and acks=1 are set in every language; acks=all (the default) is not', () => {
    for (const acks of ['0', '1'] as const) {
      const p = producer({}, { acks })
      expect(producerCode(p, 'python')).toContain(`    acks=${acks},`)
      expect(producerCode(p, 'java')).toContain(`props.put(ProducerConfig.ACKS_CONFIG, "${acks}");`)
      expect(producerCode(p, 'javascript')).toContain(`acks: ${acks},`)
    }
    const p = producer({}, { acks: 'all' })
    expect(producerCode(p, 'python')).not.toMatch(/^\s+acks=/m)
    expect(producerCode(p, 'python')).toContain("kafka-python 2.x defaults to acks=1")
    expect(producerCode(p, 'java')).not.toContain('ACKS_CONFIG')
    expect(producerCode(p, 'javascript')).not.toContain('acks:')
  })

  it('auto.offset.reset=earliest gives auto_offset_reset / AUTO_OFFSET_RESET_CONFIG / fromBeginning: true; latest gives none', () => {
    const earliest = consumer({}, { 'auto.offset.reset': 'earliest' })
    expect(consumerCode(earliest, 'python')).toContain("    auto_offset_reset='earliest',")
    expect(consumerCode(earliest, 'java')).toContain('props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");')
    expect(consumerCode(earliest, 'javascript')).toContain('await consumer.subscribe({ topics: TOPICS, fromBeginning: true })')
    const latest = consumer({}, { 'auto.offset.reset': 'latest' })
    expect(consumerCode(latest, 'python')).not.toContain('auto_offset_reset')
    expect(consumerCode(latest, 'java')).not.toContain('AUTO_OFFSET_RESET_CONFIG')
    expect(consumerCode(latest, 'javascript')).not.toContain('fromBeginning')
    expect(consumerCode(consumer({}, { 'auto.offset.reset': 'none' }), 'javascript')).toContain('no auto.offset.reset=none')
  })

  it('a custom key list shows those keys, and each record takes the next one', () => {
    const p = producer({ keys: { mode: 'custom', keys: ['alice', "o'brien", 'ünï'] } })
    expect(producerCode(p, 'python')).toContain("KEYS = ['alice', 'o\\'brien', 'ünï']")
    expect(producerCode(p, 'python')).toContain('producer.send(TOPIC, key=KEYS[i % len(KEYS)], value=event)')
    expect(producerCode(p, 'python')).toContain("key_serializer=lambda k: k.encode('utf-8')")
    expect(producerCode(p, 'java')).toContain('static final String[] KEYS = {"alice", "o\'brien", "\\u00FCn\\u00EF"};')
    expect(producerCode(p, 'java')).toContain('new ProducerRecord<>(TOPIC, KEYS[(int) (i % KEYS.length)], event)')
    expect(producerCode(p, 'javascript')).toContain("const KEYS = ['alice', 'o\\'brien', 'ünï']")
    expect(producerCode(p, 'javascript')).toContain('key: KEYS[i % KEYS.length]')
  })

  it("the user_id key and the click-event JSON value follow the tutorial's producer.py", () => {
    const p = producer({ keys: { mode: 'user-id' }, value: { kind: 'click-event', users: 5 } })
    const py = producerCode(p, 'python')
    expect(py).toContain("value_serializer=lambda v: json.dumps(v).encode('utf-8')")
    expect(py).toContain("event = {'user_id': f'user_{i % 5}', 'action': 'click', 'timestamp': int(time.time() * 1000)}")
    expect(py).toContain("producer.send(TOPIC, key=event['user_id'], value=event)")
    expect(py).toContain('print(f"Sent: {event}")')
    expect(py).toContain('producer.flush()')
    expect(producerCode(p, 'java')).toContain('new ProducerRecord<>(TOPIC, userId, event)')
    expect(producerCode(p, 'javascript')).toContain('messages: [{ key: event.user_id, value: JSON.stringify(event) }]')
  })

  it('a text value is sent as UTF-8 text; a fixed partition is passed with each record', () => {
    const p = producer({ value: { kind: 'text', text: 'hello "world"' }, fixedPartition: 2 })
    expect(producerCode(p, 'python')).toContain("value_serializer=lambda v: v.encode('utf-8')")
    expect(producerCode(p, 'python')).toContain('TEXT = \'hello "world"\'')
    expect(producerCode(p, 'python')).toContain('producer.send(TOPIC, partition=2, value=TEXT)')
    expect(producerCode(p, 'java')).toContain('static final String TEXT = "hello \\"world\\"";')
    expect(producerCode(p, 'java')).toContain('new ProducerRecord<>(TOPIC, 2, null, TEXT)')
    expect(producerCode(p, 'javascript')).toContain("messages: [{ partition: 2, value: TEXT }]")
  })

  it('linger.ms and batch.size: emitted where they differ from the client default, with the sim default explained', () => {
    const d = producer()
    expect(producerCode(d, 'python')).toContain("linger_ms=5,  # the simulator's default (Java's since 4.0); kafka-python's is 0")
    expect(producerCode(d, 'python')).not.toContain('batch_size')
    expect(producerCode(d, 'java')).not.toContain('LINGER_MS_CONFIG')
    expect(producerCode(d, 'java')).not.toContain('BATCH_SIZE_CONFIG')
    const p = producer({}, { 'linger.ms': 100, 'batch.size': 1024 })
    expect(producerCode(p, 'python')).toContain('    linger_ms=100,\n')
    expect(producerCode(p, 'python')).toContain('    batch_size=1024,')
    expect(producerCode(p, 'java')).toContain('props.put(ProducerConfig.LINGER_MS_CONFIG, "100");')
    expect(producerCode(p, 'java')).toContain('props.put(ProducerConfig.BATCH_SIZE_CONFIG, "1024");')
    expect(producerCode(p, 'javascript')).toContain('KafkaJS has no linger.ms (here 100) or batch.size (here 1024)')
    expect(producerCode(producer({}, { 'linger.ms': 0 }), 'python')).not.toContain('linger_ms')
  })

  it('partitioners: sticky, round-robin and random map to each client, with honest comments', () => {
    const sticky = producer({ partitioner: 'sticky' })
    expect(producerCode(sticky, 'java')).not.toContain('PARTITIONER_CLASS_CONFIG')
    expect(producerCode(sticky, 'python')).toContain('from kafka.partitioner.sticky import StickyPartitioner')
    expect(producerCode(sticky, 'python')).toContain('partitioner=StickyPartitioner(),')
    expect(producerCode(sticky, 'javascript')).toContain('createPartitioner: StickyPartitioner,')

    const rr = producer({ partitioner: 'round-robin' })
    expect(producerCode(rr, 'java')).toContain('props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());')
    expect(producerCode(rr, 'java')).toContain('import org.apache.kafka.clients.producer.RoundRobinPartitioner;')
    expect(producerCode(rr, 'java')).toContain('RoundRobinPartitioner also ignores keys')
    expect(producerCode(rr, 'python')).toContain('class RoundRobinPartitioner(DefaultPartitioner):')
    expect(producerCode(rr, 'python')).toContain('kafka-python has no round-robin partitioner')
    expect(producerCode(rr, 'javascript')).toContain('createPartitioner: Partitioners.DefaultPartitioner, // records without a key: round-robin')

    const random = producer({ partitioner: 'random' })
    expect(producerCode(random, 'python')).not.toContain('partitioner=')
    expect(producerCode(random, 'python')).toContain("kafka-python's DefaultPartitioner")
    expect(producerCode(random, 'java')).toContain('public static class RandomPartitioner implements Partitioner {')
    expect(producerCode(random, 'java')).toContain('props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, RandomPartitioner.class.getName());')
    expect(producerCode(random, 'javascript')).toContain('createPartitioner: RandomPartitioner,')

    // Keyed records are hashed by every partitioner: then none is configured.
    for (const partitioner of ['sticky', 'round-robin', 'random'] as const) {
      const keyed = producer({ partitioner, keys: { mode: 'user-id' } })
      expect(producerCode(keyed, 'python')).not.toContain('partitioner=')
      expect(producerCode(keyed, 'java')).not.toContain('PARTITIONER_CLASS_CONFIG')
      expect(producerCode(keyed, 'javascript')).toContain('createPartitioner: Partitioners.DefaultPartitioner, // murmur2 of the key')
    }
  })

  it("the generated KafkaJS partitioners run with KafkaJS's own Partitioners: round-robin cycles, sticky sticks, keys hash", async () => {
    const require = createRequire(import.meta.url)
    const { Partitioners } = require('kafkajs') as { Partitioners: { DefaultPartitioner: () => (a: unknown) => number } }
    const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({ partitionId, leader: 1 }))
    const run = async (input: ProducerCodeInput): Promise<{ partition: number; key: unknown }[]> => {
      const sent: { partition: number; key: unknown }[] = []
      class Kafka {
        producer(opts: { createPartitioner: () => (a: unknown) => number }) {
          const partition = opts.createPartitioner()
          return {
            connect: async () => {},
            disconnect: async () => {},
            send: async ({ topic, messages }: { topic: string; messages: { key?: unknown; partition?: number }[] }) => {
              for (const message of messages) sent.push({ partition: partition({ topic, partitionMetadata, message }), key: message.key })
            },
          }
        }
      }
      const done = new Promise<void>((resolve, reject) => {
        const context = {
          require: () => ({ Kafka, Partitioners }),
          setTimeout: (f: () => void) => setImmediate(f),
          console: { log: () => {}, error: reject },
          Buffer,
          Date,
          Math,
          JSON,
          String,
          Promise,
        }
        const code = producerCode(input, 'javascript').replace('run().catch(console.error)', 'run().then(__done, __fail)')
        vm.runInNewContext(code, { ...context, __done: resolve, __fail: reject })
      })
      await done
      return sent
    }
    const rr = (await run(producer({ partitioner: 'round-robin', maxRecords: 8 }))).map((s) => s.partition)
    expect(rr.map((p, i) => (p - (rr[0] as number) + 4 * 8) % 4 === i % 4)).toEqual(Array(8).fill(true))
    const sticky = await run(producer({ partitioner: 'sticky', maxRecords: 8 }))
    expect(new Set(sticky.map((s) => s.partition)).size).toBe(1)
    const random = await run(producer({ partitioner: 'random', maxRecords: 200 }))
    expect(new Set(random.map((s) => s.partition)).size).toBe(4)
    const keyed = await run(producer({ partitioner: 'random', keys: { mode: 'user-id' }, maxRecords: 12 }))
    const byKey = new Map<unknown, Set<number>>()
    for (const s of keyed) byKey.set(s.key, (byKey.get(s.key) ?? new Set()).add(s.partition))
    expect([...byKey.keys()].sort()).toEqual(['user_0', 'user_1', 'user_2'])
    expect([...byKey.values()].every((set) => set.size === 1)).toBe(true)
  })

  it('the generated Python producer runs against a stub kafka package: records, keys and round-robin partitions', () => {
    const stub = mkdtempSync(join(tmpdir(), 'codegen-py-'))
    tempDirs.push(stub)
    const files: Record<string, string> = {
      'kafka/__init__.py': `
import json
SENT = []
class _Cluster:
    def available_partitions_for_topic(self, topic): return {0, 1, 2}
    def partitions_for_topic(self, topic): return {0, 1, 2}
class KafkaProducer:
    def __init__(self, **configs): self.configs = configs
    def send(self, topic, value=None, key=None, partition=None):
        kb = self.configs['key_serializer'](key) if key is not None else None
        vb = self.configs['value_serializer'](value)
        p = self.configs.get('partitioner')
        if partition is None and p is not None:
            partition = p.partition(topic, key, kb, value, vb, _Cluster())
        SENT.append({'topic': topic, 'key': key, 'value': vb.decode('utf-8'), 'partition': partition})
    def flush(self): pass
    def close(self): print(json.dumps(SENT))
`,
      'kafka/partitioner/__init__.py': '',
      'kafka/partitioner/default.py': `
class DefaultPartitioner:
    def partition(self, topic, key, serialized_key, value, serialized_value, cluster):
        return 99
`,
      'kafka/partitioner/sticky.py': 'class StickyPartitioner:\n    pass\n',
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(stub, path)), { recursive: true })
      writeFileSync(join(stub, path), text)
    }
    const runPy = (input: ProducerCodeInput) => {
      const script = `import sys, time\ntime.sleep = lambda s: None\nsys.path.insert(0, ${JSON.stringify(stub)})\nexec(sys.stdin.read())`
      const lines = python(script, producerCode(input, 'python')).trim().split('\n')
      return JSON.parse(lines[lines.length - 1] as string) as { topic: string; key: string | null; value: string; partition: number | null }[]
    }
    const rr = runPy(producer({ partitioner: 'round-robin', maxRecords: 6, topic: "it's\n" }))
    expect(rr.map((r) => r.partition)).toEqual([0, 1, 2, 0, 1, 2])
    expect(rr.every((r) => r.topic === "it's\n")).toBe(true)
    expect(JSON.parse(rr[4]?.value as string)).toMatchObject({ user_id: 'user_1', action: 'click' })
    const keyed = runPy(producer({ partitioner: 'round-robin', keys: { mode: 'custom', keys: ['a', 'b\\'] }, maxRecords: 3 }))
    expect(keyed.map((r) => [r.key, r.partition])).toEqual([
      ['a', null],
      ['b\\', null],
      ['a', null],
    ])
    const text = runPy(producer({ value: { kind: 'text', text: 'héllo\n' }, keys: { mode: 'user-id' }, maxRecords: 2 }))
    expect(text.map((r) => [r.key, r.value])).toEqual([
      ['user_0', 'héllo\n'],
      ['user_1', 'héllo\n'],
    ])
  })

  it('group id, client id and topics are always set; the consumer loop is the tutorial\'s consumer.py', () => {
    const c = consumer({ topics: ['a', 'b'] })
    const py = consumerCode(c, 'python')
    expect(py).toContain("consumer = KafkaConsumer(\n    'a',\n    'b',\n    bootstrap_servers=['localhost:9092'],\n    client_id='consumer-1',\n    group_id='my-consumer-group',")
    expect(py).toContain("value_deserializer=lambda x: json.loads(x.decode('utf-8'))")
    expect(py).toContain(
      'for message in consumer:\n    print(f"Received: Topic={message.topic}, Partition={message.partition}, Offset={message.offset}, Key={message.key}, Value={message.value}")',
    )
    const java = consumerCode(c, 'java')
    expect(java).toContain('props.put(ConsumerConfig.GROUP_ID_CONFIG, "my-consumer-group");')
    expect(java).toContain('static final List<String> TOPICS = List.of("a", "b");')
    expect(java).toContain('consumer.poll(Duration.ofMillis(1000))')
    const js = consumerCode(c, 'javascript')
    expect(js).toContain("groupId: 'my-consumer-group',")
    expect(js).toContain("const TOPICS = ['a', 'b']")
    expect(js).toContain('eachMessage: async ({ topic, partition, message }) => {')
  })

  it('auto-commit off commits after each poll; a changed auto-commit interval is set', () => {
    const off = consumer({}, { 'enable.auto.commit': false })
    expect(consumerCode(off, 'python')).toContain('    enable_auto_commit=False,')
    expect(consumerCode(off, 'python')).toContain('consumer.commit()')
    expect(consumerCode(off, 'java')).toContain('props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");')
    expect(consumerCode(off, 'java')).toContain('consumer.commitSync();')
    expect(consumerCode(off, 'javascript')).toContain('autoCommit: false,')
    expect(consumerCode(off, 'javascript')).toContain('await consumer.commitOffsets(')
    const interval = consumer({}, { 'auto.commit.interval.ms': 1000 })
    expect(consumerCode(interval, 'python')).toContain('auto_commit_interval_ms=1000,')
    expect(consumerCode(interval, 'java')).toContain('props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");')
    expect(consumerCode(interval, 'javascript')).toContain('autoCommitInterval: 1000,')
    const on = consumer()
    expect(consumerCode(on, 'python')).not.toContain('auto_commit')
    expect(consumerCode(on, 'java')).not.toMatch(/AUTO_COMMIT/)
    expect(consumerCode(on, 'javascript')).not.toContain('autoCommit')
    expect(consumerCode(on, 'javascript')).toContain('KafkaJS also commits at the end of every batch')
  })

  it('assignment strategies map to kafka-python, Java and KafkaJS (which only has round-robin)', () => {
    const rr = consumer({}, { 'partition.assignment.strategy': ['roundrobin'] })
    expect(consumerCode(rr, 'python')).toContain('from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor')
    expect(consumerCode(rr, 'python')).toContain('partition_assignment_strategy=[RoundRobinPartitionAssignor],')
    expect(consumerCode(rr, 'java')).toContain(
      'props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName());',
    )
    expect(consumerCode(rr, 'javascript')).not.toContain('KafkaJS ships only a round-robin assigner')

    const coop = consumer({}, { 'partition.assignment.strategy': ['cooperative-sticky', 'range'] })
    expect(consumerCode(coop, 'python')).toContain('from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor')
    expect(consumerCode(coop, 'python')).toContain('partition_assignment_strategy=[CooperativeStickyAssignor],')
    expect(consumerCode(coop, 'python')).toContain('will not mix eager and cooperative assignors')
    expect(consumerCode(coop, 'java')).toContain(
      'CooperativeStickyAssignor.class.getName() + "," + RangeAssignor.class.getName()',
    )
    expect(consumerCode(coop, 'javascript')).toContain('no cooperative rebalancing')

    const sticky = consumer({}, { 'partition.assignment.strategy': ['sticky'] })
    expect(consumerCode(sticky, 'python')).toContain('from kafka.coordinator.assignors.sticky.sticky_assignor import StickyPartitionAssignor')

    const d = consumer()
    expect(consumerCode(d, 'python')).not.toContain('partition_assignment_strategy')
    expect(consumerCode(d, 'python')).toContain("Java's default assignors are [range, cooperative-sticky]")
    expect(consumerCode(d, 'java')).not.toContain('PARTITION_ASSIGNMENT_STRATEGY_CONFIG')
    expect(consumerCode(d, 'javascript')).toContain('The simulated group assigns with range. KafkaJS ships only a round-robin assigner')
  })

  it('session timeout, heartbeat, max.poll.interval.ms, max.poll.records and group.instance.id are set when changed', () => {
    const c = consumer(
      {},
      {
        'session.timeout.ms': 10000,
        'heartbeat.interval.ms': 1000,
        'max.poll.interval.ms': 5000,
        'max.poll.records': 10,
        'group.instance.id': 'member-a',
      },
    )
    const py = consumerCode(c, 'python')
    for (const s of ['session_timeout_ms=10000,', 'heartbeat_interval_ms=1000,', 'max_poll_interval_ms=5000,', 'max_poll_records=10,']) {
      expect(py).toContain(s)
    }
    expect(py).toContain("group_instance_id='member-a',")
    const java = consumerCode(c, 'java')
    expect(java).toContain('props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");')
    expect(java).toContain('props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");')
    expect(java).toContain('props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "5000");')
    expect(java).toContain('props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");')
    expect(java).toContain('props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "member-a");')
    const js = consumerCode(c, 'javascript')
    expect(js).toContain('sessionTimeout: 10000,')
    expect(js).toContain('heartbeatInterval: 1000,')
    expect(js).toContain('rebalanceTimeout: 5000,')
    expect(js).toContain('KafkaJS has no max.poll.records (here 10)')
    expect(js).toContain('KafkaJS has no static membership (group.instance.id)')
  })

  it('default consumer settings are not emitted (only what each client needs, or where its default differs)', () => {
    const c = consumer()
    const py = consumerCode(c, 'python')
    const pyKwargs = py.match(/^ {4}\w+=/gm)
    expect(pyKwargs).toEqual(['    bootstrap_servers=', '    client_id=', '    group_id=', '    value_deserializer='])
    expect(py).toContain('kafka-python 2.x defaults to 10000')
    const puts = consumerCode(c, 'java').match(/props\.put\(ConsumerConfig\.(\w+)/g)
    expect(puts).toEqual([
      'props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG',
      'props.put(ConsumerConfig.CLIENT_ID_CONFIG',
      'props.put(ConsumerConfig.GROUP_ID_CONFIG',
      'props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG',
      'props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG',
    ])
    const js = consumerCode(c, 'javascript')
    expect(js).toContain("sessionTimeout: 45000, // the simulator's (Java's) default; KafkaJS's is 30000")
    expect(js).toContain('rebalanceTimeout: 300000,')
    for (const name of ['heartbeatInterval', 'minBytes', 'maxWaitTimeInMs', 'maxBytesPerPartition', 'metadataMaxAge', 'retry']) {
      expect(js).not.toContain(`${name}:`)
    }
  })

  it('default producer settings are not emitted; changed advanced settings are', () => {
    const p = producer()
    const javaPuts = producerCode(p, 'java').match(/props\.put\(ProducerConfig\.(\w+)/g)
    expect(javaPuts).toEqual([
      'props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG',
      'props.put(ProducerConfig.CLIENT_ID_CONFIG',
      'props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG',
      'props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG',
      'props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG',
    ])
    const pyKwargs = producerCode(p, 'python').match(/^ {4}\w+=/gm)
    expect(pyKwargs).toEqual(['    bootstrap_servers=', '    client_id=', '    value_serializer=', '    linger_ms='])
    const changed = producer({}, { 'enable.idempotence': false, 'max.in.flight.requests.per.connection': 1, 'delivery.timeout.ms': 30000 })
    expect(producerCode(changed, 'python')).toContain('enable_idempotence=False,')
    expect(producerCode(changed, 'python')).toContain('max_in_flight_requests_per_connection=1,')
    expect(producerCode(changed, 'java')).toContain('props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");')
    expect(producerCode(changed, 'java')).toContain('props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");')
    expect(producerCode(changed, 'javascript')).toContain('maxInFlightRequests: 1,')
    expect(producerCode(changed, 'javascript')).toContain('KafkaJS has no delivery.timeout.ms (here 30000)')
  })

  it('the per-record processing time is a sleep in the loop; none when it is 0', () => {
    const slow = consumer({ processingMs: 250 })
    expect(consumerCode(slow, 'python')).toContain('    time.sleep(0.25)  # the simulated application spends 250 ms on each record')
    expect(consumerCode(slow, 'java')).toContain('Thread.sleep(250); // the simulated application spends 250 ms on each record')
    expect(consumerCode(slow, 'javascript')).toContain('await sleep(250) // the simulated application spends 250 ms on each record')
    expect(consumerCode(slow, 'javascript')).toContain('KafkaJS has no max.poll.interval.ms')
    const fast = consumer({ processingMs: 0 })
    expect(consumerCode(fast, 'python')).not.toContain('time.sleep')
    expect(consumerCode(fast, 'java')).not.toContain('Thread.sleep')
    expect(consumerCode(fast, 'javascript')).not.toContain('await sleep(')
  })

  it('rate and record count: the loop sends maxRecords records at the simulated rate, or forever', () => {
    const p = producer({ rate: 4, maxRecords: 7 })
    expect(producerCode(p, 'python')).toContain('for i in range(7):')
    expect(producerCode(p, 'python')).toContain('time.sleep(0.25)  # 4 records per second, as in the simulation')
    expect(producerCode(p, 'java')).toContain('for (long i = 0; i < 7; i++) {')
    expect(producerCode(p, 'java')).toContain('Thread.sleep(250);')
    expect(producerCode(p, 'javascript')).toContain('for (let i = 0; i < 7; i++) {')
    const forever = producer({ maxRecords: null, rate: 0 })
    expect(producerCode(forever, 'python')).toContain('for i in itertools.count():')
    expect(producerCode(forever, 'python')).not.toContain('producer.flush()')
    expect(producerCode(forever, 'python')).toContain('the simulated producer is paused')
    expect(producerCode(forever, 'java')).toContain('for (long i = 0; ; i++) {')
    expect(producerCode(forever, 'java')).not.toContain('producer.flush()')
    expect(producerCode(forever, 'javascript')).toContain('for (let i = 0; ; i++) {')
  })

  it('the language labels name the clients', () => {
    expect(LANGUAGE_LABELS).toEqual({ python: 'Python (kafka-python)', java: 'Java', javascript: 'JavaScript (KafkaJS)' })
  })

  it('the output is deterministic and ends with one newline', () => {
    for (const lang of LANGUAGES) {
      const a = producerCode(producers[0] as ProducerCodeInput, lang)
      expect(producerCode(producers[0] as ProducerCodeInput, lang)).toBe(a)
      expect(a.endsWith('\n') && !a.endsWith('\n\n')).toBe(true)
      const c = consumerCode(consumers[0] as ConsumerCodeInput, lang)
      expect(c.endsWith('\n') && !c.endsWith('\n\n')).toBe(true)
    }
  })
})
