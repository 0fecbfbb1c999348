import type { Notice as NoticeData } from '../store/sim-store'

/** A refusal or error shown next to the control that caused it, read out by screen readers. */
export function Notice({ notice }: { notice: NoticeData }) {
  return (
    <p className={`notice notice-${notice.kind}`} role="alert">
      {notice.kind === 'refused' ? 'Kafka refused: ' : ''}
      {notice.text}
    </p>
  )
}
