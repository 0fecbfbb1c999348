import { useSim, useClient } from './context'
import { formatSimTime, formatSpeed } from './format'
import { SPEED_STEPS, speedIndex } from './speed'

export function PlaybackControls() {
  const client = useClient()
  const playing = useSim((s) => s.playing)
  const speed = useSim((s) => s.speed)
  const simTime = useSim((s) => s.simTime)
  const index = speedIndex(speed)

  return (
    <div className="playback" role="group" aria-label="Playback">
      {/* The name says what the button does next ("Play" or "Pause"); it carries no aria-pressed as
          well, which would make a screen reader say "Pause, toggle button, pressed". */}
      <button type="button" className="primary" onClick={() => client.togglePlay()}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => client.step()} title="Run until the next thing happens, then pause">
        Step
      </button>
      <label className="speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEED_STEPS.length - 1}
          step={1}
          value={index}
          aria-label="Speed"
          aria-valuetext={formatSpeed(speed)}
          onChange={(e) => client.setSpeed(SPEED_STEPS[Number(e.target.value)] as number)}
        />
        <output aria-live="off">{formatSpeed(speed)}</output>
      </label>
      <button type="button" onClick={() => client.reset()} title="Start the lesson again from the beginning">
        Reset
      </button>
      <div className="clock" aria-label="Simulated time">
        <span className="clock-label">sim time</span> <span className="clock-value">{formatSimTime(simTime)}</span>
      </div>
    </div>
  )
}
