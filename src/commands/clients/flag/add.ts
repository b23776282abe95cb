// `portalctl clients flag add`: the older name of `clients flags add`.
import { olderName } from '../../../command/define.js';
import flagsAdd from '../flags/add.js';

export default olderName(flagsAdd, ['clients', 'flag', 'add']);
