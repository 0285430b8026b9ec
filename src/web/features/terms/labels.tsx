import {
  CheckCircleFilled,
  ClockCircleOutlined,
  CloseCircleFilled,
  ExclamationCircleFilled,
  MinusOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import type { CellStatus } from '../../../domain/terms/matrix.js';
import { beijingMinute } from '../../../domain/terms/terms.js';
import { useI18n } from '../../i18n/index.js';

export const statusColor: Record<CellStatus, string> = {
  done: 'success',
  late: 'warning',
  missing: 'error',
  open: 'processing',
  not_assigned: 'default',
};

export const statusIcon: Record<CellStatus, React.ReactNode> = {
  done: <CheckCircleFilled style={{ color: '#389e0d' }} />,
  late: <ExclamationCircleFilled style={{ color: '#d48806' }} />,
  missing: <CloseCircleFilled style={{ color: '#cf1322' }} />,
  open: <ClockCircleOutlined style={{ color: '#1677ff' }} />,
  not_assigned: <MinusOutlined style={{ color: '#bfbfbf' }} />,
};

export function StatusTag({ status }: { status: CellStatus }) {
  const { t } = useI18n();
  return <Tag color={statusColor[status]}>{t(`terms.status.${status}`)}</Tag>;
}

/** `02-04 04:02`: a term instant in Beijing time without the year (the page says the year). */
export const shortMinute = (iso: string) => beijingMinute(iso).slice(5);
