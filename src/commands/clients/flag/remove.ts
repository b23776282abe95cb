// `portalctl clients flag remove`: the older name of `clients flags remove`.
import { olderName } from '../../../command/define.js';
import flagsRemove from '../flags/remove.js';

export default olderName(flagsRemove, ['clients', 'flag', 'remove']);
