import { useId, useState } from 'react'
import type { FormEvent } from 'react'
import type { Acks, KeySpec, NullKeyPartitioner } from '../../engine'
import { PRODUCER_DEFAULTS } from '../../engine'
import type { ProducerView } from '../../worker/protocol'
import { useClient, useSim } from '../context'
import { describeKeys, PARTITIONER_LABELS } from '../format'
import { FieldError, Notice } from '../Notice'
import { ActionButton, Gone, NumberSetting, SelectSetting, useNotice } from './fields'
import { parseKeyList } from './validate'

const ACKS_OPTIONS: { value: Acks; label: string }[] = [
  { value: '0', label: '0' },
  { value: '1', label: '1' },
  { value: 'all', label: 'all' },
]

const ACKS_HELP: Record<Acks, string> = {
  '0': 'Fire and forget: the producer is never told whether a record was written.',
  '1': 'The leader has written it; a record can be lost if the leader dies before a follower copies it.',
  all: 'Every in-sync replica has it (at least min.insync.replicas of them), or the write is refused.',
}

const PARTITIONER_OPTIONS: { value: NullKeyPartitioner; label: string }[] = [
  { value: 'sticky', label: PARTITIONER_LABELS.sticky },
  { value: 'round-robin', label: PARTITIONER_LABELS['round-robin'] },
  { value: 'random', label: PARTITIONER_LABELS.random },
]

export function ProducerInspector({ id }: { id: string }) {
  const p = useSim((s) => s.view?.producers.find((x) => x.id === id))
  if (!p) return <Gone what={`Producer ${id}`} />
  const source = (control: string) => `producer:${p.id}:${control}`
  const finished = p.maxRecords !== null && p.sent >= p.maxRecords
  return (
    <article className="inspector-body" aria-label={`producer ${p.id}`}>
      <h3>
        <span className="muted">producer</span> {p.id}
      </h3>
      <dl className="facts">
        <dt>topic</dt>
        <dd>{p.topic}</dd>
        <dt>state</dt>
        <dd>{p.rate === 0 ? 'stopped (rate 0)' : finished ? `done: sent its ${p.maxRecords} records` : `sending ${p.rate} records/s`}</dd>
        <dt>sent</dt>
        <dd>{p.maxRecords !== null ? `${p.sent} of ${p.maxRecords}` : p.sent}</dd>
        <dt>acked</dt>
        <dd>{p.acked}</dd>
        <dt>failed</dt>
        <dd>{p.failed}</dd>
        <dt>waiting batches</dt>
        <dd>{p.queued}</dd>
        <dt>average ack latency</dt>
        <dd>{p.avgAckMs === null ? 'no acknowledgement yet' : `${p.avgAckMs} ms`}</dd>
        <dt>last error</dt>
        <dd className={p.lastError ? 'error-text' : undefined}>{p.lastError ?? 'none'}</dd>
        <dt>enable.idempotence</dt>
        <dd>{String(p.idempotence)}</dd>
      </dl>

      <h4>Settings</h4>
      <NumberSetting
        label="Rate"
        unit="records/s"
        value={p.rate}
        source={source('rate')}
        rule={{ min: 0, max: 1_000_000, integer: false }}
        toCommand={(rate) => ({ type: 'setProducerRate', producer: p.id, rate })}
        help="Records per second of simulated time; 0 stops the producer."
      />
      <KeyModeSetting producer={p} source={source('keys')} />
      <SelectSetting
        label="acks"
        value={p.acks}
        options={ACKS_OPTIONS}
        source={source('acks')}
        toCommand={(value) => ({ type: 'setProducerConfig', producer: p.id, key: 'acks', value })}
        help={ACKS_HELP[p.acks]}
        kafkaDefault={PRODUCER_DEFAULTS.acks}
      />
      <SelectSetting
        label="Partitioner for records without a key"
        value={p.partitioner}
        options={PARTITIONER_OPTIONS}
        source={source('partitioner')}
        toCommand={(partitioner) => ({ type: 'setPartitioner', producer: p.id, partitioner })}
        help="A record with a key always goes to the partition its key hashes to (murmur2)."
        kafkaDefault="sticky"
        defaultLabel={PARTITIONER_LABELS.sticky}
      />
      <NumberSetting
        label="linger.ms"
        unit="ms"
        value={p.lingerMs}
        source={source('linger.ms')}
        rule={{ min: 0, max: 3_600_000, integer: true }}
        toCommand={(value) => ({ type: 'setProducerConfig', producer: p.id, key: 'linger.ms', value })}
        help="How long a batch waits for more records before it is sent."
        kafkaDefault={PRODUCER_DEFAULTS['linger.ms']}
      />

      <h4>Actions</h4>
      <div className="actions">
        <ActionButton source={source('produce')} command={{ type: 'produce', producer: p.id, count: 10 }} help="10 more records, on top of the rate">
          Send 10 now
        </ActionButton>
        <ActionButton source={source('stop')} command={{ type: 'stopProducer', producer: p.id }} help="Sets the rate to 0">
          Stop
        </ActionButton>
      </div>
    </article>
  )
}

type KeyMode = KeySpec['mode']

const KEY_MODES: { value: KeyMode; label: string }[] = [
  { value: 'none', label: 'no key' },
  { value: 'user-id', label: 'user ids' },
  { value: 'custom', label: 'custom list' },
]

/**
 * Key mode as a radio group. "no key" and "user ids" apply at once; "custom list" opens a text
 * field for the keys and applies with its Apply button, because a custom list means nothing
 * until it has keys.
 */
function KeyModeSetting({ producer: p, source }: { producer: ProducerView; source: string }) {
  const client = useClient()
  const id = useId()
  const notice = useNotice(source)
  const live = p.keys.mode
  // The mode the learner picked, shown while the view still has `base`.
  const [chosen, setChosen] = useState<{ mode: KeyMode; base: KeyMode } | null>(null)
  const mode = chosen !== null && chosen.base === live ? chosen.mode : live
  const liveKeys = p.keys.mode === 'custom' ? p.keys.keys.join(', ') : ''
  const [text, setText] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const send = (keys: KeySpec) =>
    client.command({ type: 'setProducerKeys', producer: p.id, keys }, source).then((r) => {
      if (!r.ok) setChosen(null)
      return r
    })

  const pick = (next: KeyMode) => {
    setChosen({ mode: next, base: live })
    setError(null)
    if (next === 'none') void send({ mode: 'none' })
    else if (next === 'user-id') void send({ mode: 'user-id' })
  }

  const applyCustom = (e: FormEvent) => {
    e.preventDefault()
    const keys = parseKeyList(text ?? liveKeys)
    if (keys.length === 0 || keys.length > 1000 || keys.some((k) => k.length > 200)) {
      setError('Custom keys must list from 1 to 1000 keys separated by commas, each at most 200 characters.')
      return
    }
    setError(null)
    void send({ mode: 'custom', keys }).then((r) => {
      if (r.ok) setText(null)
    })
  }

  return (
    <div className="setting">
      <fieldset className="key-mode">
        <legend className="setting-label">Key</legend>
        {KEY_MODES.map((k) => (
          <label key={k.value} className="radio">
            <input type="radio" name={`${id}-mode`} value={k.value} checked={mode === k.value} onChange={() => pick(k.value)} />
            {k.label}
          </label>
        ))}
      </fieldset>
      <p className="setting-help">Now: {describeKeys(p.keys)}. Records with the same key always go to the same partition, in order.</p>
      {mode === 'user-id' && live === 'user-id' && <HotUserForm producer={p} send={send} />}
      {mode === 'custom' && (
        <form className="setting nested" role="group" aria-labelledby={`${id}-custom-label`} onSubmit={applyCustom} noValidate>
          <label id={`${id}-custom-label`} htmlFor={`${id}-custom`} className="setting-label">
            Custom keys (comma-separated)
          </label>
          <div className="setting-row">
            <input
              id={`${id}-custom`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="user_1, user_2"
              value={text ?? liveKeys}
              onChange={(e) => {
                setText(e.target.value)
                if (error) setError(null)
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            <button type="submit" className="small">
              Apply
            </button>
          </div>
          {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
        </form>
      )}
      {notice && <Notice notice={notice} />}
    </div>
  )
}

/**
 * With user ids as keys: make one user "hot" (a share of all events), the skewed workload whose
 * partition no number of consumers can speed up. 0 % turns it off.
 */
function HotUserForm({ producer: p, send }: { producer: ProducerView; send: (keys: KeySpec) => Promise<{ ok: boolean }> }) {
  const id = useId()
  const skew = p.keys.mode === 'user-id' ? p.keys.skew : undefined
  const [user, setUser] = useState<string | null>(null)
  const [percent, setPercent] = useState<string | null>(null)
  const [error, setError] = useState<{ field: 'user' | 'percent'; text: string } | null>(null)
  const userText = user ?? String(skew?.user ?? 42)
  const percentText = percent ?? String(skew?.percent ?? 0)
  const apply = (e: FormEvent) => {
    e.preventDefault()
    if (!/^\d{1,7}$/.test(userText.trim())) {
      setError({ field: 'user', text: 'The hot user is a number, like 42 for user_42.' })
      return
    }
    const pct = Number(percentText.trim())
    if (percentText.trim() === '' || !Number.isFinite(pct) || pct < 0 || pct > 100) {
      setError({ field: 'percent', text: 'The share is a percentage from 0 to 100.' })
      return
    }
    setError(null)
    void send(pct === 0 ? { mode: 'user-id' } : { mode: 'user-id', skew: { user: Number(userText.trim()), percent: pct } }).then((r) => {
      if (r.ok) {
        setUser(null)
        setPercent(null)
      }
    })
  }
  const invalid = (field: 'user' | 'percent') => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})
  return (
    <form className="setting nested" role="group" aria-labelledby={`${id}-label`} onSubmit={apply} noValidate>
      <span id={`${id}-label`} className="setting-label">
        Hot user (a skewed workload)
      </span>
      <div className="setting-row">
        <label htmlFor={`${id}-user`}>user_</label>
        <input id={`${id}-user`} inputMode="numeric" size={5} value={userText} onChange={(e) => setUser(e.target.value)} aria-label="Hot user number" {...invalid('user')} />
        <label htmlFor={`${id}-percent`}>sends</label>
        <input id={`${id}-percent`} inputMode="decimal" size={4} value={percentText} onChange={(e) => setPercent(e.target.value)} aria-label="Hot user's share of events, in percent" {...invalid('percent')} />
        <span>% of events</span>
        <button type="submit" className="small">
          Apply
        </button>
      </div>
      {error && <FieldError id={`${id}-error`}>{error.text}</FieldError>}
    </form>
  )
}
