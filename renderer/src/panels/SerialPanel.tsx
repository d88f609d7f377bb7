// The bottom panel's Serial tab: the Live area's serial monitor, compact.
import { SerialMonitor } from '../areas/live/SerialMonitor';
import '../areas/live/live.css';

export function SerialPanel() {
  return <SerialMonitor compact />;
}
