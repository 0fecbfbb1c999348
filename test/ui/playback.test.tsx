/** The playback controls, found by their accessible names, drive the simulation's clock. */
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { SPEED_STEPS } from '../../src/ui/speed'
import { describe, expect, it } from 'vitest'
import { renderApp } from './harness'

describe('playback controls', () => {
  it('starts playing the default lesson: the clock runs and the button offers Pause', async () => {
    const app = await renderApp()
    // The name says what the button does; no aria-pressed as well ("Pause, toggle button, pressed").
    expect(screen.getByRole('button', { name: 'Pause' })).not.toHaveAttribute('aria-pressed')
    await app.advance(1000)
    expect(app.store.getState().simTime).toBeGreaterThanOrEqual(1000)
    expect(screen.getByLabelText('Simulated time')).toHaveTextContent('1.0 s')
  })

  it('Pause stops the clock and Play starts it again', async () => {
    const app = await renderApp()
    await app.user.click(screen.getByRole('button', { name: 'Pause' }))
    await app.advance(500)
    const paused = app.store.getState().simTime
    await app.advance(2000)
    expect(app.store.getState().simTime).toBe(paused)
    expect(screen.getByRole('button', { name: 'Play' })).not.toHaveAttribute('aria-pressed')
    await app.user.click(screen.getByRole('button', { name: 'Play' }))
    await app.advance(1000)
    expect(app.store.getState().simTime).toBeGreaterThan(paused)
  })

  it('Step pauses and runs exactly to the next thing that happens, which appears in the event log', async () => {
    const app = await renderApp(undefined, { playing: false })
    const step = async () => {
      await app.user.click(screen.getByRole('button', { name: 'Step' }))
      await app.advance(16)
    }
    const before = app.store.getState().events.length
    await step()
    // First: consumer.py starts, at t=0.
    expect(app.store.getState().events.length).toBe(before + 1)
    expect(app.store.getState().simTime).toBe(0)
    await step()
    const after = app.store.getState()
    expect(after.playing).toBe(false)
    // Then the first record reaches the leader one network hop (300 ms here) after producer.py sent it at t=0.
    expect(after.simTime).toBe(300)
    // The log redraws at most ten times a second.
    await waitFor(() => expect(screen.getByRole('log', { name: 'Event log' })).toHaveTextContent('user-activity-0 appended 1 record from producer-1 at offset 0'))
  })

  it('the Speed slider goes from 0.1x to 20x and the clock follows it', async () => {
    const app = await renderApp()
    const slider = screen.getByRole('slider', { name: 'Speed' })
    expect(slider).toHaveAttribute('aria-valuetext', '1×')
    // jsdom cannot move a range input by keyboard; the browser test does.
    fireEvent.change(slider, { target: { value: String(SPEED_STEPS.length - 1) } })
    await app.advance(16)
    expect(app.store.getState().speed).toBe(20)
    expect(slider).toHaveAttribute('aria-valuetext', '20×')
    const t0 = app.store.getState().simTime
    await app.advance(500)
    expect(app.store.getState().simTime - t0).toBe(10_000)
    fireEvent.change(slider, { target: { value: '0' } })
    await app.advance(16)
    expect(app.store.getState().speed).toBe(0.1)
  })

  it('Reset starts the lesson again from time zero with an empty console', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(1000)
    expect(app.store.getState().console.length).toBeGreaterThan(0)
    await app.user.click(screen.getByRole('button', { name: 'Reset' }))
    await act(async () => {
      await app.advance(16)
    })
    expect(app.store.getState().simTime).toBeLessThan(1000)
    expect(app.store.getState().console).toEqual([])
    await waitFor(() => expect(screen.getByLabelText('Console output')).toHaveTextContent('waiting for records'))
  })

  it('a Reset can be undone: "Undo reset" brings back the run as it was, with what the learner added', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(500)
    await app.client.command({ type: 'addConsumer', group: 'my-consumer-group' })
    await app.advance(500)
    const before = app.store.getState().simTime
    const members = () => app.store.getState().view!.groups[0]!.members.length
    expect(members()).toBe(2)
    expect(screen.queryByRole('button', { name: 'Undo reset' })).toBeNull()
    await app.user.click(screen.getByRole('button', { name: 'Reset' }))
    await app.advance(16)
    expect(members()).toBe(1)
    expect(screen.getByText('Started again from the beginning.').closest('[role="status"]')).not.toBeNull()
    await app.user.click(screen.getByRole('button', { name: 'Undo reset' }))
    await app.advance(16)
    expect(app.store.getState().simTime).toBeGreaterThanOrEqual(before)
    expect(members()).toBe(2)
    expect(screen.queryByRole('button', { name: 'Undo reset' })).toBeNull()
  })

  it('the offer to undo a Reset goes once the learner acts again, or after 20 simulated seconds', async () => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.advance(500)
    await app.user.click(screen.getByRole('button', { name: 'Reset' }))
    await app.advance(16)
    expect(screen.getByRole('button', { name: 'Undo reset' })).toBeInTheDocument()
    await app.client.command({ type: 'addConsumer', group: 'my-consumer-group' })
    await app.advance(16)
    expect(screen.queryByRole('button', { name: 'Undo reset' })).toBeNull()

    await app.user.click(screen.getByRole('button', { name: 'Reset' }))
    await app.advance(16)
    expect(screen.getByRole('button', { name: 'Undo reset' })).toBeInTheDocument()
    await app.advance(1100)
    expect(app.store.getState().simTime).toBeGreaterThan(20_000)
    expect(screen.queryByRole('button', { name: 'Undo reset' })).toBeNull()
  })

  it('every control is a real button or slider reachable with Tab', async () => {
    const app = await renderApp()
    const names: string[] = []
    for (let i = 0; i < 40; i++) {
      await app.user.tab()
      const el = document.activeElement as HTMLElement
      names.push(el.getAttribute('aria-label') ?? el.textContent ?? '')
    }
    for (const name of ['Pause', 'Step', 'Speed', 'Reset', 'Add partition', 'Add consumer']) expect(names).toContain(name)
  })
})
