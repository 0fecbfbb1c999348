/**
 * The toolbar's cluster-wide actions over a real in-thread simulation: Add producer, Add consumer
 * group, Add topic and Add broker. Bad input is stopped in the form before anything is sent; what
 * Kafka itself refuses (a replication factor larger than the brokers) is Kafka's refusal, shown in
 * the toolbar; what succeeds appears in the picture after frames.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { builtInScenario } from '../../src/scenarios'
import { renderApp } from './harness'

type App = Awaited<ReturnType<typeof renderApp>>

const toolbar = () => screen.getByRole('toolbar', { name: 'Cluster actions' })
const groupCard = (id: string) => screen.getByRole('article', { name: `consumer group ${id}` })

/** The text of the <dd> after the <dt> `term` inside `card`. */
function fact(card: HTMLElement, term: string): string {
  const dt = within(card).getAllByText(term, { selector: 'dt' })[0] as HTMLElement
  return (dt.nextElementSibling as HTMLElement).textContent ?? ''
}

/** Replaces the text of the textbox `label` (in `form`) with `text`. */
async function typeInto(app: App, form: HTMLElement, label: string, text: string) {
  const input = within(form).getByRole('textbox', { name: label })
  await app.user.clear(input)
  if (text !== '') await app.user.type(input, text)
}

describe('Add producer', () => {
  it('with one topic, adds a producer of that topic at once, without asking', async () => {
    const app = await renderApp()
    const button = within(toolbar()).getByRole('button', { name: 'Add producer' })
    // Nothing to choose: the button opens no form.
    expect(button).not.toHaveAttribute('aria-expanded')
    await app.user.click(button)
    await app.advance(16)
    const producer = screen.getByRole('article', { name: 'producer-2' })
    expect(fact(producer, 'topic')).toBe('user-activity')
    expect(screen.queryByRole('form', { name: 'New producer' })).toBeNull()
  })

  it('with several topics, asks which topic in a form and creates the producer there', async () => {
    // broker-failure-and-replication has two topics: user-activity and orders.
    const app = await renderApp(builtInScenario('broker-failure-and-replication')!)
    const button = within(toolbar()).getByRole('button', { name: 'Add producer' })
    expect(button).toHaveAttribute('aria-expanded', 'false')
    await app.user.click(button)
    expect(button).toHaveAttribute('aria-expanded', 'true')
    const form = screen.getByRole('form', { name: 'New producer' })
    const topic = within(form).getByRole('combobox', { name: 'Topic' })
    expect([...(topic as HTMLSelectElement).options].map((o) => o.value)).toEqual(['user-activity', 'orders'])
    await app.user.selectOptions(topic, 'orders')
    await app.user.click(within(form).getByRole('button', { name: 'Create producer' }))
    await app.advance(16)
    const producer = screen.getByRole('article', { name: 'producer-3' })
    expect(fact(producer, 'topic')).toBe('orders')
    // Done: the form closes.
    expect(screen.queryByRole('form', { name: 'New producer' })).toBeNull()
  })

  it('Cancel closes the producer form and creates nothing', async () => {
    const app = await renderApp(builtInScenario('broker-failure-and-replication')!)
    await app.user.click(within(toolbar()).getByRole('button', { name: 'Add producer' }))
    await app.user.click(within(screen.getByRole('form', { name: 'New producer' })).getByRole('button', { name: 'Cancel' }))
    await app.advance(16)
    expect(screen.queryByRole('form', { name: 'New producer' })).toBeNull()
    expect(app.store.getState().view!.producers).toHaveLength(2)
  })
})

describe('Add consumer group', () => {
  async function openGroupForm(app: App) {
    await app.user.click(within(toolbar()).getByRole('button', { name: 'Add consumer group' }))
    return screen.getByRole('form', { name: 'New consumer group' })
  }

  it('offers a fresh group id, the topics, and where to start reading (auto.offset.reset)', async () => {
    const app = await renderApp()
    const form = await openGroupForm(app)
    expect(within(form).getByRole('textbox', { name: 'Group id' })).toHaveValue('group-2')
    expect(within(form).getByRole('combobox', { name: 'Topic' })).toHaveValue('user-activity')
    const reset = within(form).getByRole('combobox', { name: 'Start from (auto.offset.reset)' })
    expect([...(reset as HTMLSelectElement).options].map((o) => o.value)).toEqual(['earliest', 'latest'])
  })

  it.each([
    ['an empty group id', '', 'Group id: use 1 to 128 letters, digits, ".", "_" or "-".'],
    ['a group id with spaces and punctuation', 'my group!', 'Group id: use 1 to 128 letters, digits, ".", "_" or "-".'],
    ['a group id longer than 128 characters', 'g'.repeat(129), 'Group id: use 1 to 128 letters, digits, ".", "_" or "-".'],
    ['the id of an existing group', 'my-consumer-group', 'Group id: "my-consumer-group" already exists; a new consumer there would join it. Use Add consumer on that group instead.'],
  ])('refuses %s in the form, sending nothing', async (_what, id, message) => {
    const app = await renderApp()
    const command = vi.spyOn(app.client, 'command')
    const form = await openGroupForm(app)
    await typeInto(app, form, 'Group id', id)
    await app.user.click(within(form).getByRole('button', { name: 'Create group' }))
    await app.advance(16)
    expect(within(form).getByRole('alert')).toHaveTextContent(message)
    expect(within(form).getByRole('textbox', { name: 'Group id' })).toHaveAttribute('aria-invalid', 'true')
    expect(command).not.toHaveBeenCalled()
    expect(app.store.getState().view!.groups.map((g) => g.groupId)).toEqual(['my-consumer-group'])
  })

  it('creates a group whose member reads from the earliest offset when "earliest" is chosen: every stored record', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    // producer.py sends its ten records, one a second.
    await app.advance(700)
    const form = await openGroupForm(app)
    await typeInto(app, form, 'Group id', 'replay')
    await app.user.selectOptions(within(form).getByRole('combobox', { name: 'Start from (auto.offset.reset)' }), 'earliest')
    await app.user.click(within(form).getByRole('button', { name: 'Create group' }))
    await app.advance(500)
    expect(screen.queryByRole('form', { name: 'New consumer group' })).toBeNull()
    const card = groupCard('replay')
    const members = within(card).getAllByRole('listitem', { name: /^consumer-\d+$/ })
    expect(members).toHaveLength(1)
    const id = members[0]!.getAttribute('aria-label')!
    expect(id).not.toBe('consumer-1')
    expect(fact(card, 'consumed')).toBe('10')
    await waitFor(() => expect(screen.getByRole('log', { name: 'Event log' })).toHaveTextContent(new RegExp(`${id} starts user-activity-0 at offset 0: .*auto\\.offset\\.reset=earliest applies`)))
    expect(app.store.getState().view!.groups.find((g) => g.groupId === 'replay')!.config.autoOffsetReset).toBe('earliest')
  })

  it('creates a group whose member reads only new records when "latest" is chosen: nothing, once the producer is done', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(700)
    expect(app.store.getState().view!.producers[0]!.sent).toBe(10)
    const form = await openGroupForm(app)
    await typeInto(app, form, 'Group id', 'live')
    await app.user.selectOptions(within(form).getByRole('combobox', { name: 'Start from (auto.offset.reset)' }), 'latest')
    await app.user.click(within(form).getByRole('button', { name: 'Create group' }))
    await app.advance(500)
    const card = groupCard('live')
    const member = within(card).getAllByRole('listitem', { name: /^consumer-\d+$/ })[0] as HTMLElement
    expect(member).toHaveTextContent('reading user-activity-0')
    expect(fact(card, 'consumed')).toBe('0')
    await waitFor(() => expect(screen.getByRole('log', { name: 'Event log' })).toHaveTextContent(/consumer-\d+ starts user-activity-0 at offset 10: .*auto\.offset\.reset=latest applies/))
    expect(app.store.getState().view!.groups.find((g) => g.groupId === 'live')!.config.autoOffsetReset).toBe('latest')
  })
})

describe('Add topic', () => {
  async function openTopicForm(app: App) {
    await app.user.click(within(toolbar()).getByRole('button', { name: 'Add topic' }))
    return screen.getByRole('form', { name: 'New topic' })
  }

  it.each([
    ['an empty name', { 'Topic name': '' }, "Topic name: use 1 to 249 ASCII letters, digits, '.', '_' or '-'."],
    ['a name with a space', { 'Topic name': 'my topic' }, "Topic name: use 1 to 249 ASCII letters, digits, '.', '_' or '-'."],
    ['the name of an existing topic', { 'Topic name': 'user-activity' }, 'Topic name: "user-activity" already exists.'],
    ['zero partitions', { Partitions: '0' }, 'Partitions: a whole number from 1 to 256.'],
    ['a partition count that is not a number', { Partitions: 'three' }, 'Partitions: a whole number from 1 to 256.'],
    ['a replication factor of zero', { 'Replication factor': '0' }, 'Replication factor: a whole number from 1 to 12.'],
    ['an empty min.insync.replicas', { 'min.insync.replicas': '' }, 'min.insync.replicas: a whole number from 1.'],
  ])('refuses %s in the form, sending nothing', async (_what, fields, message) => {
    const app = await renderApp()
    const command = vi.spyOn(app.client, 'command')
    const form = await openTopicForm(app)
    for (const [label, text] of Object.entries(fields)) await typeInto(app, form, label, text)
    await app.user.click(within(form).getByRole('button', { name: 'Create topic' }))
    await app.advance(16)
    expect(within(form).getByRole('alert')).toHaveTextContent(message)
    expect(command).not.toHaveBeenCalled()
    // The field at fault, and only it, is marked invalid and described by the message.
    const [label] = Object.keys(fields) as [string]
    for (const field of within(form).getAllByRole('textbox')) {
      const atFault = field === within(form).getByRole('textbox', { name: label })
      expect(field).toHaveAttribute('aria-invalid', String(atFault))
      if (atFault) expect(field).toHaveAccessibleDescription(expect.stringContaining(message))
    }
    // It takes the focus, ready to be corrected.
    expect(document.activeElement).toBe(within(form).getByRole('textbox', { name: label }))
  })

  it('shows Kafka\'s INVALID_REPLICATION_FACTOR refusal in the toolbar when the replication factor is larger than the brokers, and keeps the form open', async () => {
    const app = await renderApp()
    const form = await openTopicForm(app)
    // One broker up, and the form says so next to the field.
    expect(form).toHaveTextContent('(1 broker up)')
    await typeInto(app, form, 'Topic name', 'orders')
    await typeInto(app, form, 'Replication factor', '3')
    await app.user.click(within(form).getByRole('button', { name: 'Create topic' }))
    await app.advance(16)
    expect(within(toolbar()).getByRole('alert')).toHaveTextContent(
      'Kafka refused: Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered. (INVALID_REPLICATION_FACTOR)',
    )
    expect(screen.getByRole('form', { name: 'New topic' })).toBeInTheDocument()
    expect(within(form).getByRole('textbox', { name: 'Replication factor' })).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('article', { name: 'topic orders' })).toBeNull()
    // The refusal was about that form: cancelling it takes the refusal away too.
    await app.user.click(within(screen.getByRole('form', { name: 'New topic' })).getByRole('button', { name: 'Cancel' }))
    expect(within(toolbar()).queryByRole('alert')).toBeNull()
  })

  it('keeps the replication factor\'s help (how many brokers are up) as its description', async () => {
    const app = await renderApp()
    const form = await openTopicForm(app)
    expect(within(form).getByRole('textbox', { name: 'Replication factor' })).toHaveAccessibleDescription('(1 broker up)')
    await typeInto(app, form, 'Replication factor', 'x')
    await app.user.click(within(form).getByRole('button', { name: 'Create topic' }))
    expect(within(form).getByRole('textbox', { name: 'Replication factor' })).toHaveAccessibleDescription('(1 broker up) Replication factor: a whole number from 1 to 12.')
  })

  it('creates the topic: its card, and each partition\'s leader log on a broker, with followers as copies on the others', async () => {
    const app = await renderApp(builtInScenario('broker-failure-and-replication')!)
    const form = await openTopicForm(app)
    expect(form).toHaveTextContent('(3 brokers up)')
    await typeInto(app, form, 'Topic name', 'payments')
    await typeInto(app, form, 'Partitions', '2')
    await typeInto(app, form, 'Replication factor', '2')
    await app.user.click(within(form).getByRole('button', { name: 'Create topic' }))
    await app.advance(16)
    expect(screen.queryByRole('form', { name: 'New topic' })).toBeNull()
    const topic = screen.getByRole('article', { name: 'topic payments' })
    expect(topic).toHaveTextContent('2 partitions on 3 brokers')
    expect(topic).toHaveTextContent('replication factor 2 · min.insync.replicas 1')
    for (const p of [0, 1]) {
      const leaders = screen.getAllByRole('region', { name: new RegExp(`^payments-${p}: `) })
      expect(leaders).toHaveLength(1)
      expect(leaders[0]!.closest('article')!.getAttribute('aria-label')).toMatch(/^broker \d$/)
      const followers = screen.getAllByRole('region', { name: new RegExp(`^payments-${p} follower on broker \\d`) })
      expect(followers).toHaveLength(1)
      // Leader and follower are on different brokers.
      expect(followers[0]!.closest('article')).not.toBe(leaders[0]!.closest('article'))
    }
  })

  it('creates a topic on the only broker of the default lesson', async () => {
    const app = await renderApp()
    const form = await openTopicForm(app)
    expect(within(form).getByRole('textbox', { name: 'Topic name' })).toHaveValue('topic-1')
    expect(within(form).getByRole('textbox', { name: 'Replication factor' })).toHaveValue('1')
    await app.user.click(within(form).getByRole('button', { name: 'Create topic' }))
    await app.advance(16)
    const broker = screen.getByRole('article', { name: 'broker 1' })
    for (const p of [0, 1, 2]) expect(within(broker).getByRole('region', { name: `topic-1-${p}: empty, next offset 0` })).toBeInTheDocument()
    expect(screen.getByRole('article', { name: 'topic topic-1' })).toHaveTextContent('3 partitions on 1 broker')
  })
})

describe('Add broker', () => {
  it('adds a broker that holds no partitions, and says that Kafka does not move existing partitions to it', async () => {
    const app = await renderApp()
    await app.user.click(within(toolbar()).getByRole('button', { name: 'Add broker' }))
    await app.advance(16)
    const broker = screen.getByRole('article', { name: 'broker 2' })
    expect(broker).toHaveTextContent('up')
    expect(broker).toHaveTextContent('leads 0 of the 0 replicas it holds')
    expect(broker).toHaveTextContent('No partitions here: Kafka never moves existing partitions to a new broker by itself.')
    expect(within(broker).queryAllByRole('region')).toHaveLength(0)
    // The partition stays where it was.
    expect(within(screen.getByRole('article', { name: 'broker 1' })).getByRole('region', { name: /^user-activity-0: / })).toBeInTheDocument()
  })
})

describe('focus, for keyboard and screen-reader users', () => {
  it('Add consumer group puts the focus in the form\'s first field (its suggested id selected), and Escape brings it back to the button', async () => {
    const app = await renderApp()
    const button = within(toolbar()).getByRole('button', { name: 'Add consumer group' })
    button.focus()
    await app.user.keyboard('{Enter}')
    const form = screen.getByRole('form', { name: 'New consumer group' })
    const id = within(form).getByRole('textbox', { name: 'Group id' }) as HTMLInputElement
    expect(id).toHaveFocus()
    expect([id.selectionStart, id.selectionEnd]).toEqual([0, 'group-2'.length])
    // Typing replaces the suggestion.
    await app.user.keyboard('audit')
    expect(id).toHaveValue('audit')
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'New consumer group' })).toBeNull()
    expect(button).toHaveFocus()
    expect(button).toHaveAttribute('aria-expanded', 'false')
  })

  it('Add topic puts the focus on Topic name; Cancel brings it back to the button', async () => {
    const app = await renderApp()
    const button = within(toolbar()).getByRole('button', { name: 'Add topic' })
    await app.user.click(button)
    const form = screen.getByRole('form', { name: 'New topic' })
    expect(within(form).getByRole('textbox', { name: 'Topic name' })).toHaveFocus()
    await app.user.click(within(form).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('form', { name: 'New topic' })).toBeNull()
    expect(button).toHaveFocus()
  })

  it('once the topic is created and the form closes, the focus is back on Add topic, not lost', async () => {
    const app = await renderApp()
    const button = within(toolbar()).getByRole('button', { name: 'Add topic' })
    await app.user.click(button)
    await app.user.keyboard('orders{Enter}')
    await app.advance(16)
    expect(screen.getByRole('article', { name: 'topic orders' })).toBeInTheDocument()
    expect(screen.queryByRole('form', { name: 'New topic' })).toBeNull()
    expect(button).toHaveFocus()
  })

  it('with several topics, Add producer puts the focus on the topic to choose, and Escape brings it back', async () => {
    const app = await renderApp(builtInScenario('broker-failure-and-replication')!)
    const button = within(toolbar()).getByRole('button', { name: 'Add producer' })
    await app.user.click(button)
    expect(within(screen.getByRole('form', { name: 'New producer' })).getByRole('combobox', { name: 'Topic' })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'New producer' })).toBeNull()
    expect(button).toHaveFocus()
  })

  it('an error keeps the form open with the focus on the field at fault; Escape still closes it', async () => {
    const app = await renderApp()
    const button = within(toolbar()).getByRole('button', { name: 'Add topic' })
    await app.user.click(button)
    const form = screen.getByRole('form', { name: 'New topic' })
    await typeInto(app, form, 'Partitions', '0')
    await app.user.keyboard('{Enter}')
    expect(within(form).getByRole('textbox', { name: 'Partitions' })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'New topic' })).toBeNull()
    expect(button).toHaveFocus()
  })
})
