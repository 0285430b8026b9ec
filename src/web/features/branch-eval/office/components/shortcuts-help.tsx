import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { useI18n } from '../../../../i18n/index.js';

/** The workbench's keys (be-verify-keys.ts), in a popover that `?` toggles. */
export function VerifyShortcutsHelp({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (v: boolean) => void;
}) {
  const { t } = useI18n();
  const keys: [string, string][] = [
    ['j / k', t('be.office.key.branch')],
    ['↓ / ↑ · Tab', t('be.office.key.indicator')],
    ['Enter', t('be.office.key.saveNext')],
    ['Ctrl + Enter', t('be.office.key.verifyNext')],
    ['r', t('be.office.key.return')],
    ['?', t('be.office.key.help')],
  ];
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      trigger="click"
      placement="bottomRight"
      title={t('be.office.shortcuts')}
      content={
        <div style={{ maxWidth: 360 }}>
          <table className="kh-keys">
            <tbody>
              {keys.map(([k, what]) => (
                <tr key={k}>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <kbd>{k}</kbd>
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('be.office.keysNote')}
          </Typography.Paragraph>
        </div>
      }
    >
      <Button icon={<QuestionCircleOutlined />} aria-keyshortcuts="?">
        {t('be.office.shortcuts')}
      </Button>
    </Popover>
  );
}
