/** Add partition, Add consumer and the per-member buttons change the cluster; Kafka's refusals are shown where they happened. */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './harness'

describe('cluster controls', () => {
  it('Add partition adds user-activity-1 to the topic', async () => {
    const app = await renderApp()
    await app.user.click(screen.getByRole('button', { name: 'Add partition' }))
    await app.advance(16)
    expect(screen.getByRole('region', { name: /^user-activity-1: / })).toBeInTheDocument()
    expect(screen.getByRole('article', { name: 'topic user-activity' })).toHaveTextContent('2 partitions on 1 broker')
  })

  it('Add consumer adds consumer-2 to my-consumer-group, which stays idle on a one-partition topic and says why', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(1500)
    const group = screen.getByRole('article', { name: 'consumer group my-consumer-group' })
    const second = within(group).getByRole('listitem', { name: 'consumer-2' })
    expect(second).toHaveTextContent('idle: no partition assigned')
    expect(within(group).getByRole('note')).toHaveTextContent('consumer-2 is idle: a partition is read by only one member of a group')
  })

  it('shows Kafka\'s refusal next to the topic when the partition count would go down, and keeps the topic', async () => {
    const app = await renderApp()
    await app.client.command({ type: 'addPartitions', topic: 'user-activity', count: 1 }, 'addPartitions:user-activity')
    await app.advance(16)
    const topic = screen.getByRole('article', { name: 'topic user-activity' })
    expect(within(topic).getByRole('alert')).toHaveTextContent('Kafka refused: Topic already has 1 partition(s). (INVALID_PARTITIONS)')
    expect(screen.getAllByRole('region', { name: /^user-activity-\d+: / })).toHaveLength(1)
  })

  it('Crash stops a member without leaving; Leave makes it leave the group at once', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(1500)
    const group = screen.getByRole('article', { name: 'consumer group my-consumer-group' })
    await app.user.click(within(within(group).getByRole('listitem', { name: 'consumer-2' })).getByRole('button', { name: 'Leave' }))
    await app.advance(100)
    expect(within(group).getByRole('listitem', { name: 'consumer-2' })).toHaveTextContent('left the group')
    await app.user.click(within(within(group).getByRole('listitem', { name: 'consumer-1' })).getByRole('button', { name: 'Crash' }))
    await app.advance(100)
    expect(within(group).getByRole('listitem', { name: 'consumer-1' })).toHaveTextContent('crashed')
    await waitFor(() => expect(screen.getByRole('log', { name: 'Event log' })).toHaveTextContent('consumer-1 crashed'))
  })
})
