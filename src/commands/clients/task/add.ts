// `portalctl clients task add`: the older name of `clients tasks add`.
import { olderName } from '../../../command/define.js';
import tasksAdd from '../tasks/add.js';

export default olderName(tasksAdd, ['clients', 'task', 'add']);
