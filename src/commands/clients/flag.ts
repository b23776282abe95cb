// `portalctl clients flag CLIENT --reason TEXT`: the form of `clients flags add` from before flags
// could be removed, kept so that scripts written for it keep working.
import { olderName } from '../../command/define.js';
import flagsAdd from './flags/add.js';

export default olderName(flagsAdd, ['clients', 'flag']);
