/**
 * Python with kafka-python, in the style of the classic tutorial's producer.py and consumer.py.
 *
 * Targets kafka-python 3.x (the current line) and says in comments where 2.x differs. Defaults read
 * from dpkp/kafka-python: kafka/producer/kafka.py and kafka/consumer/group.py DEFAULT_CONFIG.
 */
import type { AssignorName } from '../engine'
import { CONSUMER_DEFAULTS, PRODUCER_DEFAULTS } from '../engine'
import { num, pyStr } from './escape'
import type { ConsumerCodeInput, ProducerCodeInput } from './shared'
import {
  BOOTSTRAP,
  Lines,
  consumerChanged,
  count,
  keyPlan,
  paused,
  producerChanged,
  rateWords,
  sameList,
  seconds,
  users,
  usesNullKeyPartitioner,
} from './shared'

/** kafka-python 3.x producer defaults (kafka/producer/kafka.py). */
const PY_PRODUCER = {
  acks: 'all',
  'linger.ms': 0,
  'batch.size': 16384,
  'max.in.flight.requests.per.connection': 5,
  'delivery.timeout.ms': 120000,
  'request.timeout.ms': 30000,
  'retry.backoff.ms': 100,
  'metadata.max.age.ms': 300000,
  'enable.idempotence': true,
} as const

/** kafka-python consumer defaults (kafka/consumer/group.py); session_timeout_ms is 45000 with 3.0+ brokers in 3.x. */
const PY_CONSUMER = {
  'session.timeout.ms': 45000,
  'heartbeat.interval.ms': 3000,
  'max.poll.interval.ms': 300000,
  'max.poll.records': 500,
  'enable.auto.commit': true,
  'auto.commit.interval.ms': 5000,
  'auto.offset.reset': 'latest',
  'fetch.min.bytes': 1,
  'fetch.max.wait.ms': 500,
  'max.partition.fetch.bytes': 1048576,
  'metadata.max.age.ms': 300000,
  'request.timeout.ms': 305000,
  'retry.backoff.ms': 100,
} as const

const PY_DEFAULT_ASSIGNORS: readonly AssignorName[] = ['range', 'roundrobin']

const PY_ASSIGNORS: Record<AssignorName, { cls: string; module: string }> = {
  range: { cls: 'RangePartitionAssignor', module: 'kafka.coordinator.assignors.range' },
  roundrobin: { cls: 'RoundRobinPartitionAssignor', module: 'kafka.coordinator.assignors.roundrobin' },
  sticky: { cls: 'StickyPartitionAssignor', module: 'kafka.coordinator.assignors.sticky.sticky_assignor' },
  'cooperative-sticky': { cls: 'CooperativeStickyAssignor', module: 'kafka.coordinator.assignors.cooperative_sticky' },
}

/** One keyword argument of a client constructor, with an optional comment after it. */
type Kwarg = [code: string, comment?: string]

function kwargLines(out: Lines, kwargs: Kwarg[]): void {
  for (const [code, comment] of kwargs) out.add(4, comment === undefined ? `${code},` : `${code},  # ${comment}`)
}

function pyAcks(acks: string): string {
  return acks === 'all' ? "'all'" : acks
}

const ROUND_ROBIN_CLASS = [
  'class RoundRobinPartitioner(DefaultPartitioner):',
  '    """Records without a key: one partition after another. Keyed records: murmur2, as the default."""',
  '',
  '    def __init__(self):',
  '        self._next = {}',
  '',
  '    def partition(self, topic, key, serialized_key, value, serialized_value, cluster):',
  '        if serialized_key is not None:',
  '            return super().partition(topic, key, serialized_key, value, serialized_value, cluster)',
  '        partitions = sorted(cluster.available_partitions_for_topic(topic) or cluster.partitions_for_topic(topic))',
  '        n = self._next.get(topic, 0)',
  '        self._next[topic] = n + 1',
  '        return partitions[n % len(partitions)]',
]

/** producer.py for one simulated producer. */
export function pythonProducer(input: ProducerCodeInput): string {
  const { config } = input
  const keys = keyPlan(input.keys)
  const click = input.value.kind === 'click-event'
  const partitionerMatters = usesNullKeyPartitioner(input)
  const finite = input.maxRecords !== null
  const out = new Lines()

  out.add(0, '# producer.py: kafka-python (pip install kafka-python)')
  if (click) out.add(0, 'import json')
  if (!finite) out.add(0, 'import itertools')
  out.add(0, 'import time', '', 'from kafka import KafkaProducer')
  if (partitionerMatters && input.partitioner === 'sticky') out.add(0, 'from kafka.partitioner.sticky import StickyPartitioner')
  if (partitionerMatters && input.partitioner === 'round-robin') out.add(0, 'from kafka.partitioner.default import DefaultPartitioner')
  out.blank()

  out.add(0, `TOPIC = ${pyStr(input.topic)}`)
  if (keys.mode === 'custom') out.add(0, `KEYS = [${keys.keys.map(pyStr).join(', ')}]`)
  if (input.value.kind === 'text') out.add(0, `TEXT = ${pyStr(input.value.text)}`)
  out.blank()

  if (partitionerMatters && input.partitioner === 'round-robin') {
    out.add(
      0,
      '# kafka-python has no round-robin partitioner for KafkaProducer, so here is one (kafka-python 3.x',
      "# Partitioner API; in 2.x a partitioner is a function partitioner(key_bytes, all_partitions, available)).",
      ...ROUND_ROBIN_CLASS,
    )
    out.blank()
  }
  if (partitionerMatters && input.partitioner === 'sticky') {
    out.add(
      0,
      '# StickyPartitioner (KIP-480) needs a recent kafka-python 3.x; 2.x only has the random DefaultPartitioner.',
      '# It differs from the simulation (and from Java): it moves on whenever a new batch starts, so at a',
      '# low rate it changes partition for almost every record, and it never picks the same partition twice',
      '# in a row. The simulation stays on a partition until batch.size bytes went to it.',
    )
  }
  if (partitionerMatters && input.partitioner === 'random') {
    out.add(0, "# Records without a key go to a random partition: kafka-python's DefaultPartitioner, as in the simulation.")
  }
  if (config.acks === 'all') out.add(0, "# acks='all' is kafka-python 3.x's default; kafka-python 2.x defaults to acks=1.")

  const kwargs: Kwarg[] = [[`bootstrap_servers=[${pyStr(BOOTSTRAP)}]`], [`client_id=${pyStr(input.id)}`]]
  if (keys.mode !== 'none') kwargs.push(["key_serializer=lambda k: k.encode('utf-8')"])
  kwargs.push([click ? "value_serializer=lambda v: json.dumps(v).encode('utf-8')" : "value_serializer=lambda v: v.encode('utf-8')"])
  if (config.acks !== PY_PRODUCER.acks) {
    kwargs.push([`acks=${pyAcks(config.acks)}`, config.acks === '0' ? 'fire and forget: no answer from the broker' : "the leader's write only"])
  }
  if (config['linger.ms'] !== PY_PRODUCER['linger.ms']) {
    kwargs.push([
      `linger_ms=${num(config['linger.ms'])}`,
      config['linger.ms'] === PRODUCER_DEFAULTS['linger.ms'] ? "the simulator's default (Java's since 4.0); kafka-python's is 0" : undefined,
    ])
  }
  if (config['batch.size'] !== PY_PRODUCER['batch.size']) kwargs.push([`batch_size=${num(config['batch.size'])}`])
  if (partitionerMatters && input.partitioner === 'sticky') kwargs.push(['partitioner=StickyPartitioner()'])
  if (partitionerMatters && input.partitioner === 'round-robin') kwargs.push(['partitioner=RoundRobinPartitioner()'])
  const advanced = [
    ['max.in.flight.requests.per.connection', 'max_in_flight_requests_per_connection'],
    ['delivery.timeout.ms', 'delivery_timeout_ms'],
    ['request.timeout.ms', 'request_timeout_ms'],
    ['retry.backoff.ms', 'retry_backoff_ms'],
    ['metadata.max.age.ms', 'metadata_max_age_ms'],
  ] as const
  for (const [key, name] of advanced) {
    if (producerChanged(config, key) && config[key] !== PY_PRODUCER[key]) kwargs.push([`${name}=${num(config[key])}`])
  }
  if (producerChanged(config, 'enable.idempotence') && config['enable.idempotence'] !== PY_PRODUCER['enable.idempotence']) {
    kwargs.push([`enable_idempotence=${config['enable.idempotence'] ? 'True' : 'False'}`])
  }

  out.add(0, 'producer = KafkaProducer(')
  kwargLines(out, kwargs)
  out.add(0, ')')
  out.blank()

  const n = finite ? count(input.maxRecords ?? 0) : 0
  out.add(0, finite ? `for i in range(${n}):` : 'for i in itertools.count():')
  const sendArgs: string[] = ['TOPIC']
  if (input.fixedPartition !== null) sendArgs.push(`partition=${count(input.fixedPartition)}`)
  if (click) {
    out.add(
      4,
      `event = {'user_id': f'user_{i % ${users(input.value)}}', 'action': 'click', 'timestamp': int(time.time() * 1000)}`,
    )
  }
  if (keys.mode === 'custom') sendArgs.push('key=KEYS[i % len(KEYS)]')
  if (keys.mode === 'user-id') sendArgs.push(click ? "key=event['user_id']" : "key=f'user_{i}'")
  sendArgs.push(click ? 'value=event' : 'value=TEXT')
  out.add(4, `producer.send(${sendArgs.join(', ')})`)
  out.add(4, click ? 'print(f"Sent: {event}")' : 'print(f"Sent: {TEXT}")')
  out.add(4, `time.sleep(${seconds(1000 / (paused(input.rate) ? 1 : input.rate))})  # ${rateWords(input.rate)}`)
  out.blank()
  if (finite) out.add(0, 'producer.flush()', 'producer.close()')
  return out.toString()
}

/** The partition.assignment.strategy to emit, or null to leave kafka-python's default; plus notes. */
function pythonAssignors(list: readonly AssignorName[]): { emit: AssignorName[] | null; notes: string[] } {
  const notes: string[] = []
  if (list.length === 0 || sameList(list, PY_DEFAULT_ASSIGNORS)) return { emit: null, notes }
  if (sameList(list, CONSUMER_DEFAULTS['partition.assignment.strategy'])) {
    notes.push(
      "# Java's default assignors are [range, cooperative-sticky]; kafka-python's are [range, roundrobin].",
      '# Both make a new group use range, eagerly, as the simulation does.',
    )
    return { emit: null, notes }
  }
  const first = list[0] as AssignorName
  const cooperative = first === 'cooperative-sticky'
  const kept = list.filter((a) => (a === 'cooperative-sticky') === cooperative)
  if (kept.length < list.length) {
    notes.push(
      '# kafka-python will not mix eager and cooperative assignors in one consumer (Java will, to',
      '# upgrade a group in two rolling restarts), so only the ones of the first kind are listed.',
    )
  }
  if (kept.includes('cooperative-sticky')) {
    notes.push('# CooperativeStickyAssignor (KIP-429) needs a recent kafka-python 3.x; 2.x only rebalances eagerly.')
  }
  return { emit: kept, notes }
}

/** consumer.py for one simulated consumer (every member of a group runs the same). */
export function pythonConsumer(input: ConsumerCodeInput): string {
  const { config } = input
  const assignors = pythonAssignors(config['partition.assignment.strategy'])
  const autoCommit = config['enable.auto.commit']
  const out = new Lines()

  out.add(0, '# consumer.py: kafka-python (pip install kafka-python)', 'import json')
  if (input.processingMs > 0) out.add(0, 'import time')
  out.add(0, '', 'from kafka import KafkaConsumer')
  for (const a of assignors.emit ?? []) out.add(0, `from ${PY_ASSIGNORS[a].module} import ${PY_ASSIGNORS[a].cls}`)
  out.blank()

  out.add(0, ...assignors.notes)
  if (config['session.timeout.ms'] === PY_CONSUMER['session.timeout.ms']) {
    out.add(0, '# session_timeout_ms=45000 is the default with Kafka 3.0+ brokers; kafka-python 2.x defaults to 10000.')
  }

  const kwargs: Kwarg[] = []
  for (const t of input.topics) kwargs.push([pyStr(t)])
  kwargs.push([`bootstrap_servers=[${pyStr(BOOTSTRAP)}]`], [`client_id=${pyStr(input.id)}`], [`group_id=${pyStr(input.groupId)}`])
  if (config['group.instance.id'] !== null) {
    kwargs.push([`group_instance_id=${pyStr(config['group.instance.id'])}`, 'static membership: one per member (kafka-python 3.x)'])
  }
  if (config['auto.offset.reset'] !== PY_CONSUMER['auto.offset.reset']) {
    kwargs.push([
      `auto_offset_reset=${pyStr(config['auto.offset.reset'])}`,
      config['auto.offset.reset'] === 'none' ? 'no committed offset raises an error instead' : undefined,
    ])
  }
  if (autoCommit !== PY_CONSUMER['enable.auto.commit']) kwargs.push(['enable_auto_commit=False', 'commit after each poll, below'])
  if (autoCommit && config['auto.commit.interval.ms'] !== PY_CONSUMER['auto.commit.interval.ms']) {
    kwargs.push([`auto_commit_interval_ms=${num(config['auto.commit.interval.ms'])}`])
  }
  if (assignors.emit !== null) {
    kwargs.push([`partition_assignment_strategy=[${assignors.emit.map((a) => PY_ASSIGNORS[a].cls).join(', ')}]`])
  }
  const timing = [
    ['session.timeout.ms', 'session_timeout_ms'],
    ['heartbeat.interval.ms', 'heartbeat_interval_ms'],
    ['max.poll.interval.ms', 'max_poll_interval_ms'],
    ['max.poll.records', 'max_poll_records'],
  ] as const
  for (const [key, name] of timing) {
    if (config[key] !== PY_CONSUMER[key]) kwargs.push([`${name}=${num(config[key])}`])
  }
  const advanced = [
    ['fetch.min.bytes', 'fetch_min_bytes'],
    ['fetch.max.wait.ms', 'fetch_max_wait_ms'],
    ['max.partition.fetch.bytes', 'max_partition_fetch_bytes'],
    ['metadata.max.age.ms', 'metadata_max_age_ms'],
    ['request.timeout.ms', 'request_timeout_ms'],
    ['retry.backoff.ms', 'retry_backoff_ms'],
  ] as const
  for (const [key, name] of advanced) {
    if (consumerChanged(config, key) && config[key] !== PY_CONSUMER[key]) kwargs.push([`${name}=${num(config[key])}`])
  }
  kwargs.push(["value_deserializer=lambda x: json.loads(x.decode('utf-8'))"])

  out.add(0, 'consumer = KafkaConsumer(')
  kwargLines(out, kwargs)
  out.add(0, ')')
  out.blank()

  const print =
    'print(f"Received: Topic={message.topic}, Partition={message.partition}, Offset={message.offset}, Key={message.key}, Value={message.value}")'
  const sleep = `time.sleep(${seconds(input.processingMs)})  # the simulated application spends ${num(input.processingMs)} ms on each record`
  if (autoCommit) {
    out.add(0, 'for message in consumer:')
    out.add(4, print)
    if (input.processingMs > 0) out.add(4, sleep)
  } else {
    out.add(0, 'while True:')
    out.add(4, 'batch = consumer.poll(timeout_ms=1000)')
    out.add(4, 'for partition, messages in batch.items():')
    out.add(8, 'for message in messages:')
    out.add(12, print)
    if (input.processingMs > 0) out.add(12, sleep)
    out.add(4, 'if batch:')
    out.add(8, 'consumer.commit()  # commit what this poll returned, once it is processed')
  }
  return out.toString()
}
