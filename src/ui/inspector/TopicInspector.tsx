import { TOPIC_DEFAULTS } from '../../engine'
import { useSim } from '../context'
import { ActionButton, CheckboxSetting, Gone, NumberSetting, SelectLink } from './fields'
import { formatBytesSetting, formatMsSetting } from './text'
import { INT_MAX } from './validate'

/** The simulator draws every partition; the scenario format allows up to this many per topic. */
const MAX_PARTITIONS = 256

export function TopicInspector({ name }: { name: string }) {
  const topic = useSim((s) => s.view?.topics.find((t) => t.name === name))
  const liveBrokers = useSim((s) => s.view?.brokers.filter((b) => b.alive).length ?? 0)
  if (!topic) return <Gone what={`Topic ${name}`} />
  const count = topic.partitions.length
  const source = (control: string) => `topic:${topic.name}:${control}`
  const minIsr = topic.config['min.insync.replicas']
  const rf = topic.replicationFactor
  const offline = topic.partitions.filter((p) => p.leader < 0)
  return (
    <article className="inspector-body" aria-label={`topic ${topic.name}`}>
      <h3>
        <span className="muted">topic</span> {topic.name}
      </h3>
      <dl className="facts">
        <dt>partitions</dt>
        <dd>
          {count}
          {offline.length > 0 && <span className="warn-text"> ({offline.length} offline)</span>}
        </dd>
        <dt>replication factor</dt>
        <dd>
          {rf} <span className="muted">(fixed when the topic was created; only a partition reassignment changes it)</span>
        </dd>
        <dt>live brokers</dt>
        <dd>{liveBrokers}</dd>
      </dl>
      {count > 0 && (
        <ul className="link-list" aria-label={`partitions of ${topic.name}`}>
          {topic.partitions.map((p) => (
            <li key={p.partition}>
              <SelectLink to={{ kind: 'partition', topic: topic.name, partition: p.partition }}>{`${topic.name}-${p.partition}`}</SelectLink>
            </li>
          ))}
        </ul>
      )}

      <h4>Partitions</h4>
      <div className="actions">
        <ActionButton source={source('add-partition')} command={{ type: 'addPartitions', topic: topic.name, count: count + 1 }}>
          Add partition
        </ActionButton>
      </div>
      <NumberSetting
        label="Partitions"
        value={count}
        source={source('partitions')}
        rule={{ min: 1, max: MAX_PARTITIONS, integer: true }}
        toCommand={(total) => ({ type: 'addPartitions', topic: topic.name, count: total })}
        help="The new total. Kafka only ever adds partitions: removing one would lose its records and move keys to other partitions."
      />

      <h4>Settings</h4>
      <NumberSetting
        label="min.insync.replicas"
        value={minIsr}
        source={source('min.insync.replicas')}
        rule={{ min: 1, max: INT_MAX, integer: true }}
        toCommand={(value) => ({ type: 'setTopicConfig', topic: topic.name, key: 'min.insync.replicas', value })}
        help="With acks=all, a write needs at least this many in-sync replicas, or it is refused with NOT_ENOUGH_REPLICAS."
        kafkaDefault={TOPIC_DEFAULTS['min.insync.replicas']}
        warning={minIsr > rf ? `Higher than the replication factor (${rf}): every acks=all write will be refused.` : null}
      />
      <CheckboxSetting
        label="unclean.leader.election.enable"
        checked={topic.config['unclean.leader.election.enable']}
        source={source('unclean.leader.election.enable')}
        toCommand={(value) => ({ type: 'setTopicConfig', topic: topic.name, key: 'unclean.leader.election.enable', value })}
        help="Lets a replica that is not in sync become leader when no in-sync one is alive: the partition comes back sooner, but acknowledged records can be lost."
        kafkaDefault={TOPIC_DEFAULTS['unclean.leader.election.enable']}
      />
      <NumberSetting
        label="retention.ms"
        unit="ms"
        value={topic.config['retention.ms']}
        source={source('retention.ms')}
        rule={{ min: -1, max: Number.MAX_SAFE_INTEGER, integer: true, special: { value: -1, meaning: 'no limit' } }}
        toCommand={(value) => ({ type: 'setTopicConfig', topic: topic.name, key: 'retention.ms', value })}
        help={`Records older than this are deleted, a whole segment at a time. Now: ${formatMsSetting(topic.config['retention.ms'])}.`}
        kafkaDefault={TOPIC_DEFAULTS['retention.ms']}
        formatValue={formatMsSetting}
      />
      <NumberSetting
        label="retention.bytes"
        unit="bytes"
        value={topic.config['retention.bytes']}
        source={source('retention.bytes')}
        rule={{ min: -1, max: Number.MAX_SAFE_INTEGER, integer: true, special: { value: -1, meaning: 'no limit' } }}
        toCommand={(value) => ({ type: 'setTopicConfig', topic: topic.name, key: 'retention.bytes', value })}
        help={`Per partition: the oldest segments are deleted while the log is bigger than this. Now: ${formatBytesSetting(topic.config['retention.bytes'])}.`}
        kafkaDefault={TOPIC_DEFAULTS['retention.bytes']}
        formatValue={formatBytesSetting}
      />
    </article>
  )
}
