/**
 * JavaScript with KafkaJS 2.x (CommonJS, as in KafkaJS's README). Defaults read from kafkajs 2.2.4:
 * src/index.js, src/producer/index.js, src/producer/messageProducer.js, src/consumer/index.js.
 */
import { PRODUCER_DEFAULTS } from '../engine'
import { jsStr, num } from './escape'
import type { ConsumerCodeInput, ProducerCodeInput } from './shared'
import {
  BOOTSTRAP,
  Lines,
  consumerChanged,
  count,
  delayMs,
  keyPlan,
  producerChanged,
  rateWords,
  users,
  usesNullKeyPartitioner,
} from './shared'

/** KafkaJS's own defaults for the settings that have an equivalent. */
const JS = {
  requestTimeout: 30000,
  initialRetryTime: 300,
  metadataMaxAge: 300000,
  sessionTimeout: 30000,
  rebalanceTimeout: 60000,
  heartbeatInterval: 3000,
  minBytes: 1,
  maxWaitTimeInMs: 5000,
  maxBytesPerPartition: 1048576,
} as const

const SLEEP = 'const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))'

/** Records with a key or an explicit partition go through KafkaJS's default partitioner. */
const POOL = [
  '    if (message.key != null || message.partition != null) return keyed({ topic, partitionMetadata, message })',
  '    const available = partitionMetadata.filter((p) => p.leader >= 0)',
  '    const pool = available.length > 0 ? available : partitionMetadata',
]

const RANDOM_PARTITIONER = [
  "// KafkaJS has no random partitioner (kafka-python's default), so here is one.",
  'const RandomPartitioner = () => {',
  '  const keyed = Partitioners.DefaultPartitioner()',
  '  return ({ topic, partitionMetadata, message }) => {',
  ...POOL,
  '    return pool[Math.floor(Math.random() * pool.length)].partitionId',
  '  }',
  '}',
]

function stickyPartitioner(batchSize: number): string[] {
  return [
    "// KafkaJS has no sticky partitioner (Java's default since 2.4). This one imitates Java's: records",
    '// without a key stay on one random partition until batch.size bytes went to it, then it picks again.',
    '// (KafkaJS does not batch by itself, so this only decides where records go.)',
    `const BATCH_SIZE = ${num(batchSize)}`,
    'const StickyPartitioner = () => {',
    '  const keyed = Partitioners.DefaultPartitioner()',
    '  const sticky = new Map()',
    '  return ({ topic, partitionMetadata, message }) => {',
    ...POOL,
    '    let s = sticky.get(topic)',
    '    if (s === undefined || s.bytes >= BATCH_SIZE || !pool.some((p) => p.partitionId === s.partition)) {',
    '      s = { partition: pool[Math.floor(Math.random() * pool.length)].partitionId, bytes: 0 }',
    '      sticky.set(topic, s)',
    '    }',
    "    s.bytes += Buffer.byteLength(message.value || '')",
    '    return s.partition',
    '  }',
    '}',
  ]
}

/** One property of an options object, with an optional comment after it. */
type Prop = [code: string, comment?: string]

function propLines(out: Lines, indent: number, props: Prop[]): void {
  for (const [code, comment] of props) out.add(indent, comment === undefined ? `${code},` : `${code}, // ${comment}`)
}

function kafkaClient(out: Lines, clientId: string, requestTimeout: number | null): void {
  const props: Prop[] = [[`clientId: ${jsStr(clientId)}`], [`brokers: [${jsStr(BOOTSTRAP)}]`]]
  if (requestTimeout !== null) props.push([`requestTimeout: ${num(requestTimeout)}`])
  out.add(0, 'const kafka = new Kafka({')
  propLines(out, 2, props)
  out.add(0, '})')
}

/** producer.js for one simulated producer. */
export function javascriptProducer(input: ProducerCodeInput): string {
  const { config } = input
  const keys = keyPlan(input.keys)
  const click = input.value.kind === 'click-event'
  const partitionerMatters = usesNullKeyPartitioner(input)
  const finite = input.maxRecords !== null
  const out = new Lines()

  out.add(0, '// producer.js: KafkaJS (npm install kafkajs)', "const { Kafka, Partitioners } = require('kafkajs')", '')
  out.add(0, `const TOPIC = ${jsStr(input.topic)}`)
  if (keys.mode === 'custom') out.add(0, `const KEYS = [${keys.keys.map(jsStr).join(', ')}]`)
  if (input.value.kind === 'text') out.add(0, `const TEXT = ${jsStr(input.value.text)}`)
  out.add(0, SLEEP)
  out.blank()

  let partitioner: Prop = ['createPartitioner: Partitioners.DefaultPartitioner', 'murmur2 of the key, as Java and the simulation']
  if (partitionerMatters && input.partitioner === 'random') {
    out.add(0, ...RANDOM_PARTITIONER)
    out.blank()
    partitioner = ['createPartitioner: RandomPartitioner']
  } else if (partitionerMatters && input.partitioner === 'sticky') {
    out.add(0, ...stickyPartitioner(config['batch.size']))
    out.blank()
    partitioner = ['createPartitioner: StickyPartitioner']
  } else if (partitionerMatters) {
    partitioner = [
      'createPartitioner: Partitioners.DefaultPartitioner',
      'records without a key: round-robin, as in the simulation (from a random first partition)',
    ]
  }

  const requestTimeout =
    producerChanged(config, 'request.timeout.ms') && config['request.timeout.ms'] !== JS.requestTimeout ? config['request.timeout.ms'] : null
  kafkaClient(out, input.id, requestTimeout)

  const props: Prop[] = [partitioner]
  if (producerChanged(config, 'max.in.flight.requests.per.connection')) {
    props.push([`maxInFlightRequests: ${num(config['max.in.flight.requests.per.connection'])}`, "KafkaJS's default is no limit"])
  }
  if (producerChanged(config, 'metadata.max.age.ms') && config['metadata.max.age.ms'] !== JS.metadataMaxAge) {
    props.push([`metadataMaxAge: ${num(config['metadata.max.age.ms'])}`])
  }
  if (producerChanged(config, 'retry.backoff.ms') && config['retry.backoff.ms'] !== JS.initialRetryTime) {
    props.push([`retry: { initialRetryTime: ${num(config['retry.backoff.ms'])} }`, 'KafkaJS then backs off exponentially, with jitter'])
  }
  out.add(0, 'const producer = kafka.producer({')
  propLines(out, 2, props)
  out.add(0, '})')

  out.add(
    0,
    `// KafkaJS has no linger.ms (here ${num(config['linger.ms'])}) or batch.size (here ${num(config['batch.size'])}):`,
    '// each send() is one request carrying the messages passed to it. To batch, send several messages at once.',
  )
  if (partitionerMatters && input.partitioner === 'round-robin') {
    out.add(0, "// (Partitioners.LegacyPartitioner, KafkaJS 1.x's default, also goes round-robin but hashes keys unlike Java.)")
  }
  if (producerChanged(config, 'delivery.timeout.ms')) {
    out.add(0, `// KafkaJS has no delivery.timeout.ms (here ${num(config['delivery.timeout.ms'])}): it retries a failed send up to retry.retries times.`)
  }
  if (config['enable.idempotence'] && config.acks === 'all') {
    out.add(0, "// The simulated producer is idempotent (Java's default). KafkaJS's idempotent: true is experimental and off by default.")
  }
  out.blank()

  out.add(0, 'const run = async () => {', '  await producer.connect()')
  out.add(2, finite ? `for (let i = 0; i < ${count(input.maxRecords ?? 0)}; i++) {` : 'for (let i = 0; ; i++) {')
  if (click) out.add(4, `const event = { user_id: \`user_\${i % ${users(input.value)}}\`, action: 'click', timestamp: Date.now() }`)
  const message: string[] = []
  if (input.fixedPartition !== null) message.push(`partition: ${count(input.fixedPartition)}`)
  if (keys.mode === 'custom') message.push('key: KEYS[i % KEYS.length]')
  if (keys.mode === 'user-id') message.push(click ? 'key: event.user_id' : 'key: `user_${i}`')
  message.push(click ? 'value: JSON.stringify(event)' : 'value: TEXT')
  out.add(4, 'await producer.send({', '  topic: TOPIC,')
  if (config.acks !== PRODUCER_DEFAULTS.acks) {
    out.add(6, `acks: ${config.acks}, // ${config.acks === '0' ? 'fire and forget: no answer from the broker' : "the leader's write only"}`)
  }
  out.add(6, `messages: [{ ${message.join(', ')} }],`)
  out.add(4, '})')
  out.add(4, click ? 'console.log(`Sent: ${JSON.stringify(event)}`)' : 'console.log(`Sent: ${TEXT}`)')
  out.add(4, `await sleep(${delayMs(input.rate)}) // ${rateWords(input.rate)}`)
  out.add(2, '}')
  if (finite) out.add(2, 'await producer.disconnect()')
  out.add(0, '}', '', 'run().catch(console.error)')
  return out.toString()
}

/** consumer.js for one simulated consumer (every member of a group runs the same). */
export function javascriptConsumer(input: ConsumerCodeInput): string {
  const { config } = input
  const autoCommit = config['enable.auto.commit']
  const out = new Lines()

  out.add(0, '// consumer.js: KafkaJS (npm install kafkajs)', "const { Kafka } = require('kafkajs')", '')
  out.add(0, `const TOPICS = [${input.topics.map(jsStr).join(', ')}]`)
  if (input.processingMs > 0) out.add(0, SLEEP)
  out.blank()

  const requestTimeout =
    consumerChanged(config, 'request.timeout.ms') && config['request.timeout.ms'] !== JS.requestTimeout ? config['request.timeout.ms'] : null
  kafkaClient(out, input.id, requestTimeout)

  const props: Prop[] = [[`groupId: ${jsStr(input.groupId)}`]]
  if (config['session.timeout.ms'] !== JS.sessionTimeout) {
    props.push([`sessionTimeout: ${num(config['session.timeout.ms'])}`, config['session.timeout.ms'] === 45000 ? "the simulator's (Java's) default; KafkaJS's is 30000" : undefined])
  }
  if (config['max.poll.interval.ms'] !== JS.rebalanceTimeout) {
    props.push([`rebalanceTimeout: ${num(config['max.poll.interval.ms'])}`, "Java's is max.poll.interval.ms; KafkaJS's default is 60000"])
  }
  if (config['heartbeat.interval.ms'] !== JS.heartbeatInterval) props.push([`heartbeatInterval: ${num(config['heartbeat.interval.ms'])}`])
  const advanced = [
    ['fetch.min.bytes', 'minBytes'],
    ['fetch.max.wait.ms', 'maxWaitTimeInMs'],
    ['max.partition.fetch.bytes', 'maxBytesPerPartition'],
    ['metadata.max.age.ms', 'metadataMaxAge'],
  ] as const
  for (const [key, name] of advanced) {
    if (consumerChanged(config, key) && config[key] !== JS[name]) props.push([`${name}: ${num(config[key])}`])
  }
  if (consumerChanged(config, 'retry.backoff.ms') && config['retry.backoff.ms'] !== JS.initialRetryTime) {
    props.push([`retry: { initialRetryTime: ${num(config['retry.backoff.ms'])} }`, 'KafkaJS then backs off exponentially, with jitter'])
  }
  out.add(0, 'const consumer = kafka.consumer({')
  propLines(out, 2, props)
  out.add(0, '})')

  const first = config['partition.assignment.strategy'][0] ?? 'range'
  if (first !== 'roundrobin') {
    out.add(
      0,
      `// The simulated group assigns with ${first}. KafkaJS ships only a round-robin assigner (the default,`,
      '// PartitionAssigners.roundRobin); range and the sticky assignors would need a custom assigner, and',
      '// KafkaJS always rebalances eagerly: it has no cooperative rebalancing.',
    )
  }
  if (config['group.instance.id'] !== null) {
    out.add(0, '// KafkaJS has no static membership (group.instance.id): this member joins the group as a dynamic one.')
  }
  if (config['auto.offset.reset'] === 'none') {
    out.add(0, "// KafkaJS has no auto.offset.reset=none: without a committed offset it starts at the latest one.")
  }
  if (consumerChanged(config, 'max.poll.records')) {
    out.add(0, `// KafkaJS has no max.poll.records (here ${num(config['max.poll.records'])}): it hands over one partition's fetched records at a time.`)
  }
  if (input.processingMs > 0 || consumerChanged(config, 'max.poll.interval.ms')) {
    out.add(
      0,
      '// KafkaJS has no max.poll.interval.ms: it heartbeats between messages, so a handler slower than',
      '// sessionTimeout gets this member removed from the group, where Java would leave after max.poll.interval.ms.',
    )
  }
  if (autoCommit) {
    out.add(0, '// KafkaJS also commits at the end of every batch, so it commits more often than every auto.commit.interval.ms.')
  }
  out.blank()

  const sleep = `await sleep(${Math.round(count(input.processingMs))}) // the simulated application spends ${num(input.processingMs)} ms on each record`
  const print = (topic: string, partition: string) =>
    `console.log(\`Received: Topic=\${${topic}}, Partition=\${${partition}}, Offset=\${message.offset}, Key=\${message.key}, Value=\${JSON.stringify(value)}\`)`

  out.add(0, 'const run = async () => {', '  await consumer.connect()')
  out.add(2, config['auto.offset.reset'] === 'earliest' ? 'await consumer.subscribe({ topics: TOPICS, fromBeginning: true })' : 'await consumer.subscribe({ topics: TOPICS })')
  out.add(2, 'await consumer.run({')
  if (autoCommit) {
    if (consumerChanged(config, 'auto.commit.interval.ms')) out.add(4, `autoCommitInterval: ${num(config['auto.commit.interval.ms'])},`)
    out.add(4, 'eachMessage: async ({ topic, partition, message }) => {')
    out.add(6, 'const value = JSON.parse(message.value.toString())', print('topic', 'partition'))
    if (input.processingMs > 0) out.add(6, sleep)
    out.add(4, '},')
  } else {
    out.add(4, 'autoCommit: false,')
    out.add(4, 'eachBatch: async ({ batch, resolveOffset, heartbeat }) => {')
    out.add(6, 'for (const message of batch.messages) {')
    out.add(8, 'const value = JSON.parse(message.value.toString())', print('batch.topic', 'batch.partition'))
    if (input.processingMs > 0) out.add(8, sleep)
    out.add(8, 'resolveOffset(message.offset)', 'await heartbeat()')
    out.add(6, '}')
    out.add(6, 'const last = batch.messages[batch.messages.length - 1]')
    out.add(6, 'if (last !== undefined) {')
    out.add(8, '// commit what this batch returned, once it is processed')
    out.add(8, 'await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last.offset) + 1) }])')
    out.add(6, '}')
    out.add(4, '},')
  }
  out.add(2, '})')
  out.add(0, '}', '', 'run().catch(console.error)')
  return out.toString()
}
