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

/** A form field's own error, under the form, read out at once; the field points at it with aria-describedby. */
export function FieldError({ id, children }: { id?: string; children: string }) {
  return (
    <p id={id} className="field-error" role="alert">
      {children}
    </p>
  )
}
