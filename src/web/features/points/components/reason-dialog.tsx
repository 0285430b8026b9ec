import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';

/**
 * Asks for the written reason a step needs (退回, 驳回, 重新开放 …): the person it goes back to
 * reads it. `onSubmit` rejects to keep the dialog open with the error shown.
 */
export function ReasonDialog({
  open,
  title,
  description,
  okText,
  danger,
  required = true,
  label,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  description?: string;
  okText: string;
  danger?: boolean;
  required?: boolean;
  label?: string;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    const { reason } = v;
    setBusy(true);
    setError(null);
    try {
      await onSubmit((reason ?? '').trim());
      form.resetFields();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {description ? <Typography.Paragraph type="secondary">{description}</Typography.Paragraph> : null}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={label ?? t('points.reason')}
          rules={[
            { required, whitespace: true, message: t('points.reasonRequired') },
            { max: 500, message: t('form.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea rows={3} autoFocus maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
