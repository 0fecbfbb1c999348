import type { AssignorName, AutoOffsetReset } from '../../engine'
import { CONSUMER_DEFAULTS } from '../../engine'
import { useSim } from '../context'
import { CheckboxSetting, Gone, NumberSetting, SelectLink, SelectSetting } from './fields'
import { formatMsSetting, plural } from './text'
import { INT_MAX } from './validate'

export const GROUP_STATE_HELP: Record<string, string> = {
  Empty: 'no members: offsets are kept, nothing is read',
  PreparingRebalance: 'rebalancing: waiting for every member to rejoin',
  CompletingRebalance: 'rebalancing: waiting for the leader’s assignment',
  Stable: 'every partition has its reader',
  Dead: 'no coordinator has it loaded: its broker is down or it is moving to another broker; members wait, then rejoin',
}

/**
 * The rebalance protocol a list of assignors gives, as the Java consumer derives it: cooperative
 * only when every assignor in the list supports it. The engine has the same rule
 * (rebalanceProtocol in src/engine/consumer.ts); it is repeated here so the page bundle does not
 * pull in the consumer model for one line.
 */
export function derivedProtocol(strategy: readonly AssignorName[]): 'eager' | 'cooperative' {
  return strategy.length > 0 && strategy.every((s) => s === 'cooperative-sticky') ? 'cooperative' : 'eager'
}

const PROTOCOL_HELP: Record<'eager' | 'cooperative', string> = {
  eager: 'Eager: at each rebalance every member gives up all its partitions first, so the whole group stops reading until the new assignment arrives.',
  cooperative: 'Cooperative: members keep the partitions that stay with them and keep reading; only the partitions that move pause.',
}

const DEFAULT_STRATEGY = CONSUMER_DEFAULTS['partition.assignment.strategy']

function strategyOptions(current: readonly AssignorName[]): { value: string; label: string }[] {
  const options = [
    { value: DEFAULT_STRATEGY.join(','), label: `${DEFAULT_STRATEGY.join(', ')} (uses range)` },
    { value: 'range', label: 'range' },
    { value: 'roundrobin', label: 'roundrobin' },
    { value: 'sticky', label: 'sticky' },
    { value: 'cooperative-sticky', label: 'cooperative-sticky' },
  ]
  const value = current.join(',')
  if (!options.some((o) => o.value === value)) options.push({ value, label: current.join(', ') })
  return options
}

const OFFSET_RESET_OPTIONS: { value: AutoOffsetReset; label: string }[] = [
  { value: 'earliest', label: 'earliest' },
  { value: 'latest', label: 'latest' },
  { value: 'none', label: 'none' },
]

const OFFSET_RESET_HELP: Record<AutoOffsetReset, string> = {
  earliest: 'With no committed offset, start from the oldest record still in the log.',
  latest: 'With no committed offset, start after the newest record: only new records are read.',
  none: 'With no committed offset, poll() fails with NoOffsetForPartitionException.',
}

export function GroupInspector({ groupId }: { groupId: string }) {
  const g = useSim((s) => s.view?.groups.find((x) => x.groupId === groupId))
  if (!g) return <Gone what={`Consumer group ${groupId}`} />
  const source = (control: string) => `group:${g.groupId}:${control}`
  const configured = derivedProtocol(g.config.strategy)
  const running = g.protocol ?? configured
  const lagEntries = Object.entries(g.lag)
  const heartbeat = g.config.heartbeatIntervalMs
  return (
    <article className="inspector-body" aria-label={`consumer group ${g.groupId}`}>
      <h3>
        <span className="muted">group</span> {g.groupId}
      </h3>
      <dl className="facts">
        <dt>state</dt>
        <dd>
          <strong>{g.state}</strong>
          {GROUP_STATE_HELP[g.state] && <span className="muted"> — {GROUP_STATE_HELP[g.state]}</span>}
        </dd>
        <dt>generation</dt>
        <dd>{g.generation}</dd>
        <dt>assignor</dt>
        <dd>{g.assignor ?? `none chosen yet (configured: ${g.configuredAssignor})`}</dd>
        <dt>protocol</dt>
        <dd>{g.protocol ?? `none yet (configured: ${g.configuredProtocol})`}</dd>
        <dt>leader</dt>
        <dd>{g.leader ? <SelectLink to={{ kind: 'member', groupId: g.groupId, id: g.leader }}>{g.leader}</SelectLink> : 'none'}</dd>
        <dt>coordinator</dt>
        <dd>{g.coordinator >= 0 ? <SelectLink to={{ kind: 'broker', id: g.coordinator }}>{`broker ${g.coordinator}`}</SelectLink> : 'none found (not looked up yet, or unreachable)'}</dd>
        <dt>topics</dt>
        <dd>{g.topics.length > 0 ? g.topics.join(', ') : 'none'}</dd>
        <dt>lag</dt>
        <dd>
          {lagEntries.length === 0
            ? 'nothing committed yet'
            : `${plural(g.totalLag, 'record')} behind (committed offsets): ${lagEntries.map(([tp, n]) => `${tp} ${n}`).join(', ')}`}
        </dd>
        <dt>consumed</dt>
        <dd>
          {g.consumed}
          {g.duplicates > 0 ? ` (${g.duplicates} duplicates)` : ''}
        </dd>
        <dt>rebalances</dt>
        <dd>{g.rebalances}</dd>
      </dl>

      <h4>Members</h4>
      {g.members.length === 0 ? (
        <p className="muted">No members.</p>
      ) : (
        <ul className="link-list" aria-label={`members of ${g.groupId}`}>
          {g.members.map((m) => (
            <li key={m.id}>
              <SelectLink to={{ kind: 'member', groupId: g.groupId, id: m.id }}>{m.id}</SelectLink>
              <span className="muted"> {m.phase === 'crashed' || m.phase === 'closed' ? m.phase : m.owned.length > 0 ? m.owned.join(', ') : 'no partitions'}</span>
            </li>
          ))}
        </ul>
      )}

      <h4>Settings for every member</h4>
      <p className="setting-help">Shown as the newest member has them. A change applies to every member, as a rolling restart with the new setting would.</p>
      <SelectSetting
        label="Assignor (partition.assignment.strategy)"
        value={g.config.strategy.join(',')}
        options={strategyOptions(g.config.strategy)}
        source={source('partition.assignment.strategy')}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'partition.assignment.strategy', value: value.split(',') as AssignorName[] })}
        help="The group leader runs the first assignor every member supports."
        kafkaDefault={DEFAULT_STRATEGY.join(',')}
        defaultLabel={DEFAULT_STRATEGY.join(', ')}
      />
      <div className="derived" aria-live="polite">
        <p>
          <span className="setting-label">Rebalance protocol:</span> <strong>{configured}</strong> <span className="muted">(follows from the assignor)</span>
        </p>
        <p className="setting-help">{PROTOCOL_HELP[configured]}</p>
        {running !== configured && <p className="setting-help">The group still runs {running} until every member has rejoined with the new assignor.</p>}
      </div>
      <CheckboxSetting
        label="enable.auto.commit"
        checked={g.config.autoCommit}
        source={source('enable.auto.commit')}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'enable.auto.commit', value })}
        help="Auto-commit: poll() commits the offsets of what earlier polls returned, every auto.commit.interval.ms."
        kafkaDefault={CONSUMER_DEFAULTS['enable.auto.commit']}
      />
      <NumberSetting
        label="auto.commit.interval.ms"
        unit="ms"
        value={g.config.autoCommitIntervalMs}
        source={source('auto.commit.interval.ms')}
        rule={{ min: 0, max: INT_MAX, integer: true }}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'auto.commit.interval.ms', value })}
        kafkaDefault={CONSUMER_DEFAULTS['auto.commit.interval.ms']}
        formatValue={formatMsSetting}
      />
      <SelectSetting
        label="auto.offset.reset"
        value={g.config.autoOffsetReset}
        options={OFFSET_RESET_OPTIONS}
        source={source('auto.offset.reset')}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'auto.offset.reset', value })}
        help={OFFSET_RESET_HELP[g.config.autoOffsetReset]}
        kafkaDefault={CONSUMER_DEFAULTS['auto.offset.reset']}
      />
      <NumberSetting
        label="session.timeout.ms"
        unit="ms"
        value={g.config.sessionTimeoutMs}
        source={source('session.timeout.ms')}
        rule={{ min: heartbeat + 1, max: INT_MAX, integer: true }}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'session.timeout.ms', value })}
        help={`A member not heard from for this long is removed. Must exceed heartbeat.interval.ms (${heartbeat}); the broker also refuses values outside group.min/max.session.timeout.ms (6000 to 1800000 by default).`}
        kafkaDefault={CONSUMER_DEFAULTS['session.timeout.ms']}
        formatValue={formatMsSetting}
      />
      <NumberSetting
        label="max.poll.interval.ms"
        unit="ms"
        value={g.config.maxPollIntervalMs}
        source={source('max.poll.interval.ms')}
        rule={{ min: 1, max: INT_MAX, integer: true }}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'max.poll.interval.ms', value })}
        help="A member that does not call poll() within this time leaves the group."
        kafkaDefault={CONSUMER_DEFAULTS['max.poll.interval.ms']}
        formatValue={formatMsSetting}
      />
      <NumberSetting
        label="max.poll.records"
        value={g.config.maxPollRecords}
        source={source('max.poll.records')}
        rule={{ min: 1, max: INT_MAX, integer: true }}
        toCommand={(value) => ({ type: 'setGroupConfig', group: g.groupId, key: 'max.poll.records', value })}
        help="At most this many records per poll()."
        kafkaDefault={CONSUMER_DEFAULTS['max.poll.records']}
      />
    </article>
  )
}
