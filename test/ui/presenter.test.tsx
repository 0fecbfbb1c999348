/**
 * Classroom use: presenter mode (large type, captions from the event log) and the keyboard
 * shortcuts a teacher drives a demo with, listed behind "?".
 */
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { renderApp } from './harness'

function press(key: string, target: Element | Window = window) {
  act(() => {
    fireEvent.keyDown(target, { key })
  })
}

describe('keyboard shortcuts', () => {
  it('Space pauses and plays the simulation', async () => {
    const { store } = await renderApp()
    expect(store.getState().playing).toBe(true)
    press(' ')
    expect(store.getState().playing).toBe(false)
    press(' ')
    expect(store.getState().playing).toBe(true)
  })

  it('Right arrow steps to the next thing that happens while paused', async () => {
    const { store, advance } = await renderApp(undefined, { playing: false })
    const events = () => store.getState().events.length
    const before = events()
    press('ArrowRight')
    await advance(50)
    expect(events()).toBe(before + 1)
    press('ArrowRight')
    await advance(50)
    // consumer.py starts at t=0, then the first record reaches the leader 300 ms later.
    expect(store.getState().simTime).toBe(300)
    expect(store.getState().playing).toBe(false)
  })

  it('+ and - move the speed one step along the slider, and stop at its ends', async () => {
    const { store, advance } = await renderApp()
    expect(store.getState().speed).toBe(1)
    press('+')
    await advance(50)
    expect(store.getState().speed).toBe(2)
    press('-')
    press('-')
    await advance(50)
    expect(store.getState().speed).toBe(0.5)
    for (let i = 0; i < 10; i++) press('-')
    await advance(50)
    expect(store.getState().speed).toBe(0.1)
  })

  it('R starts the lesson again from time zero', async () => {
    const { store, advance } = await renderApp()
    await advance(2000)
    expect(store.getState().simTime).toBeGreaterThan(1000)
    press('r')
    await advance(50)
    expect(store.getState().simTime).toBeLessThan(1000)
  })

  it('keys typed into a text field stay in the field', async () => {
    const { store } = await renderApp()
    const input = document.createElement('input')
    document.body.appendChild(input)
    press(' ', input)
    press('r', input)
    expect(store.getState().playing).toBe(true)
    input.remove()
  })

  it('Space on a button the keyboard reached presses that button, not play/pause as well', async () => {
    const { store, user } = await renderApp()
    const button = screen.getByRole('button', { name: 'Presenter mode' })
    while (document.activeElement !== button) await user.tab()
    await user.keyboard(' ')
    expect(store.getState().presenter).toBe(true)
    expect(store.getState().playing).toBe(true)
  })

  it('after a mouse click on Presenter mode, Space plays and pauses (the button keeps the focus, not the key)', async () => {
    const { store, user } = await renderApp()
    const button = screen.getByRole('button', { name: 'Presenter mode' })
    await user.click(button)
    expect(button).toHaveFocus()
    expect(store.getState().presenter).toBe(true)
    await user.keyboard(' ')
    expect(store.getState().playing).toBe(false)
    expect(store.getState().presenter).toBe(true)
    await user.keyboard(' ')
    expect(store.getState().playing).toBe(true)
    expect(store.getState().presenter).toBe(true)
    // Enter still presses the button: no shortcut uses it.
    await user.keyboard('{Enter}')
    expect(store.getState().presenter).toBe(false)
  })

  it('a button clicked with the mouse and then reached again with Tab takes Space back', async () => {
    const { store, user } = await renderApp()
    const share = screen.getByRole('button', { name: 'Share' })
    const presenter = screen.getByRole('button', { name: 'Presenter mode' })
    await user.click(presenter)
    await user.click(share)
    while (document.activeElement !== presenter) await user.tab()
    await user.keyboard(' ')
    expect(store.getState().presenter).toBe(false)
    expect(store.getState().playing).toBe(true)
  })

  it('on the Speed slider, Space, R, + and − still work; the arrows, Home and End stay with the slider', async () => {
    const { store, client, user, advance } = await renderApp()
    const slider = screen.getByRole('slider', { name: 'Speed' })
    await user.click(slider)
    expect(slider).toHaveFocus()
    await advance(16)
    const speed = store.getState().speed
    press(' ', slider)
    expect(store.getState().playing).toBe(false)
    press('+', slider)
    await advance(16)
    expect(store.getState().speed).toBeGreaterThan(speed)
    press('-', slider)
    await advance(16)
    expect(store.getState().speed).toBe(speed)
    await advance(2000)
    press(' ', slider)
    await advance(2000)
    expect(store.getState().simTime).toBeGreaterThan(1000)
    press('r', slider)
    await advance(50)
    expect(store.getState().simTime).toBeLessThan(1000)
    // The slider's own keys are not shortcuts: Right arrow moves the slider, it does not step.
    const step = vi.spyOn(client, 'step')
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']) {
      const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
      act(() => {
        slider.dispatchEvent(e)
      })
      expect(e.defaultPrevented, key).toBe(false)
    }
    expect(step).not.toHaveBeenCalled()
  })

  it('text fields and selects keep every key, even after a mouse click', async () => {
    const { store, user } = await renderApp()
    const picker = screen.getByRole('combobox', { name: 'Lesson' })
    await user.click(picker)
    for (const key of [' ', 'r', '+', 'ArrowRight', 'p']) press(key, picker)
    expect(store.getState().playing).toBe(true)
    expect(store.getState().presenter).toBe(false)
    expect(store.getState().speed).toBe(1)
  })

  it('"?" opens the list of shortcuts, which names every one of them', async () => {
    await renderApp()
    press('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts', hidden: true })
    expect(dialog).toHaveAttribute('open')
    const text = dialog.textContent ?? ''
    for (const key of ['Space', 'Right arrow', '+', '−', 'R', 'P']) expect(text).toContain(key)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close', hidden: true }))
    expect(dialog).not.toHaveAttribute('open')
  })

  it('the "?" button also opens the list, for those without a keyboard', async () => {
    const { user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }))
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts', hidden: true })).toHaveAttribute('open')
  })
})

describe('presenter mode', () => {
  it('is a toggle button that enlarges the whole app and shows captions', async () => {
    const { user, container } = await renderApp()
    const toggle = screen.getByRole('button', { name: 'Presenter mode' })
    expect(toggle).toHaveAttribute('aria-pressed', 'false')
    expect(screen.queryByRole('log', { name: 'Captions' })).toBeNull()
    await user.click(toggle)
    expect(toggle).toHaveAttribute('aria-pressed', 'true')
    expect(container.querySelector('.app')).toHaveClass('presenter')
    expect(screen.getByRole('log', { name: 'Captions' })).toBeInTheDocument()
    press('p')
    expect(toggle).toHaveAttribute('aria-pressed', 'false')
  })

  it('captions tell the story from the event log, leaving out the per-record chatter', async () => {
    const { store, advance } = await renderApp()
    act(() => store.getState().setPresenter(true))
    await advance(4000)
    // Captions refresh a few times a second: let the last refresh happen.
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)))
    const captions = screen.getByRole('log', { name: 'Captions' })
    const shown = Array.from(captions.querySelectorAll('p')).map((p) => p.textContent ?? '')
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThanOrEqual(2)
    const story = store.getState().events.filter((e) => !['recordsAppended', 'produceAcked', 'recordsProcessed', 'offsetsCommitted', 'metadataUpdated', 'positionSet'].includes(e.type))
    expect(shown.at(-1)).toBe(story.at(-1)?.text)
  })
})
