/**
 * The Code tab: the program a learner would write with a real client (kafka-python, the Java
 * client, KafkaJS) to do what the selected producer or group does here. It follows the selection in
 * the picture and every setting changed through commands.
 */
import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './harness'

type App = Awaited<ReturnType<typeof renderApp>>

const LANGUAGES = ['Python (kafka-python)', 'Java', 'JavaScript (KafkaJS)'] as const

async function openCode(app: App) {
  await app.user.click(screen.getByRole('tab', { name: 'Code' }))
  return screen.getByRole('tabpanel', { name: 'Code' })
}

const forSelect = () => within(screen.getByRole('tabpanel')).getByRole('combobox', { name: 'for' }) as HTMLSelectElement
/** The generated program, named after its language ("Java code"). */
const codeText = (language: (typeof LANGUAGES)[number]) => screen.getByLabelText(`${language} code`).textContent ?? ''

async function chooseLanguage(app: App, language: (typeof LANGUAGES)[number]) {
  await app.user.click(within(screen.getByRole('radiogroup', { name: 'Language' })).getByRole('radio', { name: language }))
}

describe('language', () => {
  it('is a radio group "Language" offering Python, Java and KafkaJS, Python first', async () => {
    const app = await renderApp()
    await openCode(app)
    const radios = within(screen.getByRole('radiogroup', { name: 'Language' })).getAllByRole('radio')
    expect(radios.map((r) => r.closest('label')!.textContent)).toEqual([...LANGUAGES])
    expect(radios[0]).toBeChecked()
    expect(codeText('Python (kafka-python)')).toContain('from kafka import KafkaProducer')
  })

  it('switches the program to the chosen client library', async () => {
    const app = await renderApp()
    await openCode(app)
    await chooseLanguage(app, 'Java')
    expect(codeText('Java')).toContain('new KafkaProducer<>(props)')
    expect(screen.queryByLabelText('Python (kafka-python) code')).toBeNull()
    await chooseLanguage(app, 'JavaScript (KafkaJS)')
    expect(codeText('JavaScript (KafkaJS)')).toContain("require('kafkajs')")
    expect(codeText('JavaScript (KafkaJS)')).toContain('kafka.producer(')
  })
})

describe('what the code is for', () => {
  it('with nothing selected, the "for" select chooses among the producers and groups', async () => {
    const app = await renderApp()
    await openCode(app)
    expect(forSelect()).toBeEnabled()
    expect([...forSelect().options].map((o) => o.textContent)).toEqual(['producer-1 (producer)', 'my-consumer-group (consumer group)'])
    expect(forSelect()).toHaveValue('producer:producer-1')
    await app.user.selectOptions(forSelect(), 'group:my-consumer-group')
    expect(codeText('Python (kafka-python)')).toContain('from kafka import KafkaConsumer')
    expect(codeText('Python (kafka-python)')).toContain("group_id='my-consumer-group'")
  })

  it('follows the group selected in the picture, and the "for" select is disabled while the selection drives it', async () => {
    const app = await renderApp()
    await openCode(app)
    const groups = screen.getByRole('region', { name: 'Consumer groups' })
    await app.user.click(within(groups).getByRole('button', { name: 'my-consumer-group' }))
    expect(forSelect()).toBeDisabled()
    expect(forSelect()).toHaveValue('group:my-consumer-group')
    expect(forSelect()).toHaveAttribute('title', 'Follows what is selected in the picture')
    expect(codeText('Python (kafka-python)')).toContain("group_id='my-consumer-group'")
    await chooseLanguage(app, 'Java')
    expect(codeText('Java')).toContain('props.put(ConsumerConfig.GROUP_ID_CONFIG, "my-consumer-group");')
    await chooseLanguage(app, 'JavaScript (KafkaJS)')
    expect(codeText('JavaScript (KafkaJS)')).toContain("groupId: 'my-consumer-group'")
    // Deselecting gives the select back.
    await app.user.click(within(groups).getByRole('button', { name: 'my-consumer-group' }))
    expect(forSelect()).toBeEnabled()
  })

  it('follows the producer selected in the picture', async () => {
    const app = await renderApp()
    await openCode(app)
    await app.user.selectOptions(forSelect(), 'group:my-consumer-group')
    await app.user.click(within(screen.getByRole('article', { name: 'producer-1' })).getByRole('button', { name: 'producer-1' }))
    expect(forSelect()).toBeDisabled()
    expect(forSelect()).toHaveValue('producer:producer-1')
    expect(codeText('Python (kafka-python)')).toContain("client_id='producer-1'")
  })

  it('shows the selected member\'s own client id in its group\'s code', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(500)
    await openCode(app)
    await app.user.click(screen.getByRole('button', { name: 'consumer-2' }))
    expect(forSelect()).toHaveValue('group:my-consumer-group')
    expect(codeText('Python (kafka-python)')).toContain("client_id='consumer-2'")
  })
})

describe('the code follows the settings', () => {
  it('changing the producer\'s acks to 1 puts acks=1 in every language after the next frames', async () => {
    const app = await renderApp()
    await openCode(app)
    expect(codeText('Python (kafka-python)')).not.toContain('acks=1,')
    await act(() => app.client.command({ type: 'setProducerConfig', producer: 'producer-1', key: 'acks', value: '1' }))
    await app.advance(100)
    expect(codeText('Python (kafka-python)')).toContain("acks=1,  # the leader's write only")
    await chooseLanguage(app, 'Java')
    expect(codeText('Java')).toContain('props.put(ProducerConfig.ACKS_CONFIG, "1");')
    await chooseLanguage(app, 'JavaScript (KafkaJS)')
    expect(codeText('JavaScript (KafkaJS)')).toContain("acks: 1, // the leader's write only")
  })

  it('changing the group\'s assignor to cooperative-sticky names CooperativeStickyAssignor after the next frames', async () => {
    const app = await renderApp()
    await openCode(app)
    await app.user.selectOptions(forSelect(), 'group:my-consumer-group')
    await chooseLanguage(app, 'Java')
    expect(codeText('Java')).not.toContain('CooperativeStickyAssignor')
    await act(() => app.client.command({ type: 'setGroupConfig', group: 'my-consumer-group', key: 'partition.assignment.strategy', value: ['cooperative-sticky'] }))
    await app.advance(100)
    expect(codeText('Java')).toContain('import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;')
    expect(codeText('Java')).toContain('props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());')
    await chooseLanguage(app, 'Python (kafka-python)')
    expect(codeText('Python (kafka-python)')).toContain('CooperativeStickyAssignor')
  })
})

describe('in an embed', () => {
  it('the language is one compact select "Language" with all three, reachable by keyboard, on the head\'s one line', async () => {
    const app = await renderApp()
    act(() => app.store.setState({ layout: { embed: true, controls: 'full' } }))
    await app.user.click(screen.getByRole('button', { name: 'Console and event log' }))
    const panel = await openCode(app)
    expect(within(panel).queryByRole('radiogroup', { name: 'Language' })).toBeNull()
    const language = within(panel).getByRole('combobox', { name: 'Language' }) as HTMLSelectElement
    expect([...language.options].map((o) => o.textContent)).toEqual([...LANGUAGES])
    expect(language).toHaveValue('python')
    // The "for" select and the language are in the one head, next to each other.
    expect(language.closest('.panel-head')).toBe(forSelect().closest('.panel-head'))
    // Tab reaches it from the "for" select (arrow keys then choose, as in any select: checked in Chromium).
    forSelect().focus()
    await app.user.tab()
    expect(language).toHaveFocus()
    await app.user.selectOptions(language, 'java')
    expect(codeText('Java')).toContain('new KafkaProducer<>(props)')
    await app.user.selectOptions(language, 'javascript')
    expect(codeText('JavaScript (KafkaJS)')).toContain("require('kafkajs')")
  })
})
