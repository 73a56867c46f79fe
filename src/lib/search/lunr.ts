/**
 * Lunr with the German stemmer and stop words from lunr-languages registered.
 * Shared by the server and the browser so that both analyse text the same way.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import registerGerman from 'lunr-languages/lunr.de.js';

type LunrWithGerman = typeof lunr & {
  de: { stemmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction };
};

const withGerman = lunr as LunrWithGerman;
if (!withGerman.de) {
  stemmerSupport(lunr);
  registerGerman(lunr);
}

export { withGerman as lunr };
