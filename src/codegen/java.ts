/**
 * Java with the Apache Kafka client (kafka-clients). The simulator's defaults are the Java client's
 * (src/engine/config.ts), so only what the learner changed is set. Everything is pure ASCII.
 */
import type { AssignorName } from '../engine'
import { CONSUMER_DEFAULTS, PRODUCER_DEFAULTS } from '../engine'
import { javaStr, num } from './escape'
import type { ConsumerCodeInput, ProducerCodeInput } from './shared'
import { BOOTSTRAP, Lines, count, delayMs, keyPlan, rateWords, sameList, users, usesNullKeyPartitioner } from './shared'

/** Class names of the generated programs (the file must be named after them). */
export const JAVA_PRODUCER_CLASS = 'ProducerApp'
export const JAVA_CONSUMER_CLASS = 'ConsumerApp'

const ASSIGNOR_CLASSES: Record<AssignorName, string> = {
  range: 'RangeAssignor',
  roundrobin: 'RoundRobinAssignor',
  sticky: 'StickyAssignor',
  'cooperative-sticky': 'CooperativeStickyAssignor',
}

const PRODUCER_CONSTANTS = {
  acks: 'ACKS_CONFIG',
  'linger.ms': 'LINGER_MS_CONFIG',
  'batch.size': 'BATCH_SIZE_CONFIG',
  'max.in.flight.requests.per.connection': 'MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION',
  'delivery.timeout.ms': 'DELIVERY_TIMEOUT_MS_CONFIG',
  'request.timeout.ms': 'REQUEST_TIMEOUT_MS_CONFIG',
  'retry.backoff.ms': 'RETRY_BACKOFF_MS_CONFIG',
  'metadata.max.age.ms': 'METADATA_MAX_AGE_CONFIG',
  'enable.idempotence': 'ENABLE_IDEMPOTENCE_CONFIG',
} as const

const CONSUMER_CONSTANTS = {
  'session.timeout.ms': 'SESSION_TIMEOUT_MS_CONFIG',
  'heartbeat.interval.ms': 'HEARTBEAT_INTERVAL_MS_CONFIG',
  'max.poll.interval.ms': 'MAX_POLL_INTERVAL_MS_CONFIG',
  'max.poll.records': 'MAX_POLL_RECORDS_CONFIG',
  'auto.commit.interval.ms': 'AUTO_COMMIT_INTERVAL_MS_CONFIG',
  'fetch.min.bytes': 'FETCH_MIN_BYTES_CONFIG',
  'fetch.max.wait.ms': 'FETCH_MAX_WAIT_MS_CONFIG',
  'max.partition.fetch.bytes': 'MAX_PARTITION_FETCH_BYTES_CONFIG',
  'metadata.max.age.ms': 'METADATA_MAX_AGE_CONFIG',
  'request.timeout.ms': 'REQUEST_TIMEOUT_MS_CONFIG',
  'retry.backoff.ms': 'RETRY_BACKOFF_MS_CONFIG',
} as const

const RANDOM_PARTITIONER = [
  '// Java has no built-in random partitioner (it is kafka-python\'s default), so here is one.',
  'public static class RandomPartitioner implements Partitioner {',
  '    @Override',
  '    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {',
  '        List<PartitionInfo> all = cluster.partitionsForTopic(topic);',
  '        if (keyBytes != null) {',
  '            return Utils.toPositive(Utils.murmur2(keyBytes)) % all.size(); // keyed records: as the default',
  '        }',
  '        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);',
  '        List<PartitionInfo> pool = available.isEmpty() ? all : available;',
  '        return pool.get(ThreadLocalRandom.current().nextInt(pool.size())).partition();',
  '    }',
  '',
  '    @Override',
  '    public void close() {',
  '    }',
  '',
  '    @Override',
  '    public void configure(Map<String, ?> configs) {',
  '    }',
  '}',
]

/** `ProducerApp.java` for one simulated producer. */
export function javaProducer(input: ProducerCodeInput): string {
  const { config } = input
  const keys = keyPlan(input.keys)
  const click = input.value.kind === 'click-event'
  const partitionerMatters = usesNullKeyPartitioner(input)
  const random = partitionerMatters && input.partitioner === 'random'
  const finite = input.maxRecords !== null
  const out = new Lines()

  const imports = ['java.util.Properties']
  if (random) imports.push('java.util.List', 'java.util.Map', 'java.util.concurrent.ThreadLocalRandom')
  imports.push('org.apache.kafka.clients.producer.KafkaProducer', 'org.apache.kafka.clients.producer.ProducerConfig')
  imports.push('org.apache.kafka.clients.producer.ProducerRecord')
  if (random) {
    imports.push('org.apache.kafka.clients.producer.Partitioner', 'org.apache.kafka.common.Cluster')
    imports.push('org.apache.kafka.common.PartitionInfo', 'org.apache.kafka.common.utils.Utils')
  }
  if (partitionerMatters && input.partitioner === 'round-robin') imports.push('org.apache.kafka.clients.producer.RoundRobinPartitioner')
  imports.push('org.apache.kafka.common.serialization.StringSerializer')
  out.add(0, '// ProducerApp.java: the Apache Kafka Java client (org.apache.kafka:kafka-clients)')
  for (const i of imports) out.add(0, `import ${i};`)
  out.blank()

  out.add(0, `public class ${JAVA_PRODUCER_CLASS} {`)
  out.add(4, `static final String TOPIC = ${javaStr(input.topic)};`)
  if (keys.mode === 'custom') out.add(4, `static final String[] KEYS = {${keys.keys.map(javaStr).join(', ')}};`)
  if (input.value.kind === 'text') out.add(4, `static final String TEXT = ${javaStr(input.value.text)};`)
  out.blank()
  if (random) {
    out.add(4, ...RANDOM_PARTITIONER)
    out.blank()
  }

  out.add(4, 'public static void main(String[] args) throws InterruptedException {')
  const b = 8
  out.add(b, 'Properties props = new Properties();')
  const put = (constant: string, value: string, comment?: string) =>
    out.add(b, `props.put(ProducerConfig.${constant}, ${value});${comment === undefined ? '' : ` // ${comment}`}`)
  put('BOOTSTRAP_SERVERS_CONFIG', javaStr(BOOTSTRAP))
  put('CLIENT_ID_CONFIG', javaStr(input.id))
  put('KEY_SERIALIZER_CLASS_CONFIG', 'StringSerializer.class.getName()')
  put('VALUE_SERIALIZER_CLASS_CONFIG', 'StringSerializer.class.getName()')
  if (config.acks !== PRODUCER_DEFAULTS.acks) {
    put(PRODUCER_CONSTANTS.acks, javaStr(config.acks), config.acks === '0' ? 'fire and forget: no answer from the broker' : "the leader's write only")
  }
  for (const key of Object.keys(PRODUCER_CONSTANTS) as (keyof typeof PRODUCER_CONSTANTS)[]) {
    if (key === 'acks' || config[key] === PRODUCER_DEFAULTS[key]) continue
    const value = config[key]
    put(PRODUCER_CONSTANTS[key], javaStr(typeof value === 'number' ? num(value) : String(value)))
  }
  if (partitionerMatters && input.partitioner === 'round-robin') {
    put('PARTITIONER_CLASS_CONFIG', 'RoundRobinPartitioner.class.getName()')
    out.add(
      b,
      '// RoundRobinPartitioner also ignores keys: keyed records would be spread one after another too,',
      '// where the simulation hashes them. Before Kafka 3.9 it skips partitions whenever a record starts',
      '// a new batch (KAFKA-17632), so records can pile up on every other partition.',
    )
  }
  if (random) put('PARTITIONER_CLASS_CONFIG', 'RandomPartitioner.class.getName()')
  if (partitionerMatters && input.partitioner === 'sticky') {
    out.add(
      b,
      '// Records without a key use the built-in sticky partitioner (KIP-794): one partition until',
      '// batch.size bytes went to it, then a random one. Java also favours partitions with shorter queues',
      '// (partitioner.adaptive.partitioning.enable); the simulation picks uniformly.',
    )
  }
  out.blank()

  out.add(b, `try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {`)
  const l = b + 4
  out.add(l, finite ? `for (long i = 0; i < ${count(input.maxRecords ?? 0)}; i++) {` : 'for (long i = 0; ; i++) {')
  const r = l + 4
  if (click) {
    out.add(r, `String userId = "user_" + (i % ${users(input.value)});`)
    out.add(
      r,
      'String event = "{\\"user_id\\": \\"" + userId + "\\", \\"action\\": \\"click\\", \\"timestamp\\": " + System.currentTimeMillis() + "}";',
    )
  }
  const value = click ? 'event' : 'TEXT'
  let key = 'null'
  if (keys.mode === 'custom') key = 'KEYS[(int) (i % KEYS.length)]'
  if (keys.mode === 'user-id') key = click ? 'userId' : '"user_" + i'
  const record =
    input.fixedPartition !== null
      ? `new ProducerRecord<>(TOPIC, ${count(input.fixedPartition)}, ${key}, ${value})`
      : keys.mode === 'none'
        ? `new ProducerRecord<>(TOPIC, ${value})`
        : `new ProducerRecord<>(TOPIC, ${key}, ${value})`
  out.add(r, `producer.send(${record});`)
  out.add(r, `System.out.println("Sent: " + ${value});`)
  out.add(r, `Thread.sleep(${delayMs(input.rate)}); // ${rateWords(input.rate)}`)
  out.add(l, '}')
  if (finite) out.add(l, 'producer.flush();')
  out.add(b, '}')
  out.add(4, '}')
  out.add(0, '}')
  return out.toString()
}

/** `ConsumerApp.java` for one simulated consumer (every member of a group runs the same). */
export function javaConsumer(input: ConsumerCodeInput): string {
  const { config } = input
  const autoCommit = config['enable.auto.commit']
  const strategy = config['partition.assignment.strategy']
  const setStrategy = strategy.length > 0 && !sameList(strategy, CONSUMER_DEFAULTS['partition.assignment.strategy'])
  const out = new Lines()

  out.add(0, '// ConsumerApp.java: the Apache Kafka Java client (org.apache.kafka:kafka-clients)')
  out.add(0, 'import java.time.Duration;', 'import java.util.List;', 'import java.util.Properties;')
  out.add(0, 'import org.apache.kafka.clients.consumer.ConsumerConfig;')
  out.add(0, 'import org.apache.kafka.clients.consumer.ConsumerRecord;')
  out.add(0, 'import org.apache.kafka.clients.consumer.ConsumerRecords;')
  if (setStrategy) {
    for (const a of [...new Set(strategy)].sort()) out.add(0, `import org.apache.kafka.clients.consumer.${ASSIGNOR_CLASSES[a]};`)
  }
  out.add(0, 'import org.apache.kafka.clients.consumer.KafkaConsumer;')
  out.add(0, 'import org.apache.kafka.common.serialization.StringDeserializer;')
  out.blank()

  out.add(0, `public class ${JAVA_CONSUMER_CLASS} {`)
  out.add(4, `static final List<String> TOPICS = List.of(${input.topics.map(javaStr).join(', ')});`)
  out.blank()
  out.add(4, 'public static void main(String[] args) throws InterruptedException {')
  const b = 8
  out.add(b, 'Properties props = new Properties();')
  const put = (constant: string, value: string, comment?: string) =>
    out.add(b, `props.put(ConsumerConfig.${constant}, ${value});${comment === undefined ? '' : ` // ${comment}`}`)
  put('BOOTSTRAP_SERVERS_CONFIG', javaStr(BOOTSTRAP))
  put('CLIENT_ID_CONFIG', javaStr(input.id))
  put('GROUP_ID_CONFIG', javaStr(input.groupId))
  if (config['group.instance.id'] !== null) {
    put('GROUP_INSTANCE_ID_CONFIG', javaStr(config['group.instance.id']), 'static membership: one per member')
  }
  put('KEY_DESERIALIZER_CLASS_CONFIG', 'StringDeserializer.class.getName()')
  put('VALUE_DESERIALIZER_CLASS_CONFIG', 'StringDeserializer.class.getName()')
  if (config['auto.offset.reset'] !== CONSUMER_DEFAULTS['auto.offset.reset']) {
    put(
      'AUTO_OFFSET_RESET_CONFIG',
      javaStr(config['auto.offset.reset']),
      config['auto.offset.reset'] === 'none' ? 'no committed offset throws NoOffsetForPartitionException' : undefined,
    )
  }
  if (!autoCommit) put('ENABLE_AUTO_COMMIT_CONFIG', '"false"', 'commitSync() after each poll, below')
  if (setStrategy) {
    put('PARTITION_ASSIGNMENT_STRATEGY_CONFIG', strategy.map((a) => `${ASSIGNOR_CLASSES[a]}.class.getName()`).join(' + "," + '))
  }
  for (const key of Object.keys(CONSUMER_CONSTANTS) as (keyof typeof CONSUMER_CONSTANTS)[]) {
    if (key === 'auto.commit.interval.ms' && !autoCommit) continue
    if (config[key] === CONSUMER_DEFAULTS[key]) continue
    put(CONSUMER_CONSTANTS[key], javaStr(num(config[key])))
  }
  out.blank()

  out.add(b, 'try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {')
  const l = b + 4
  out.add(l, 'consumer.subscribe(TOPICS);', 'while (true) {')
  const p = l + 4
  out.add(p, 'ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(1000));')
  out.add(p, 'for (ConsumerRecord<String, String> record : records) {')
  out.add(p + 4, 'System.out.printf("Received: Topic=%s, Partition=%d, Offset=%d, Key=%s, Value=%s%n",')
  out.add(p + 12, 'record.topic(), record.partition(), record.offset(), record.key(), record.value());')
  if (input.processingMs > 0) {
    out.add(p + 4, `Thread.sleep(${Math.round(count(input.processingMs))}); // the simulated application spends ${num(input.processingMs)} ms on each record`)
  }
  out.add(p, '}')
  if (!autoCommit) {
    out.add(p, 'if (!records.isEmpty()) {')
    out.add(p + 4, 'consumer.commitSync(); // what this poll returned, once it is processed')
    out.add(p, '}')
  }
  out.add(l, '}')
  out.add(b, '}')
  out.add(4, '}')
  out.add(0, '}')
  return out.toString()
}
