//! The search index's two records beside the output, taken and kept
//! together: each story's terms (`terms_record`) and the index's lists
//! (`postings_record`). The postings record is of use only with the terms
//! record (a changed story's old postings are found from its old terms), so
//! it is put in place after it, and only if it was.

use std::path::Path;

use crate::render::search_index::postings_record::{PostingsRecord, WrittenPostings};
use crate::render::search_index::terms_record::{TermsRecord, WrittenTerms};

/// The records of one build: the last build's to read, this build's to write.
pub struct SearchRecords {
    pub(crate) terms: TermsRecord,
    pub(crate) postings: PostingsRecord,
}

impl SearchRecords {
    /// Take the records the last build left beside `output`: read from,
    /// but no longer there, so that none is left beside an output this
    /// build may fail to make. `program` identifies the program
    /// (`unchanged::program_key`).
    pub fn take(output: &Path, program: &[u8; 32]) -> SearchRecords {
        let terms = TermsRecord::take(output, program);
        let postings = PostingsRecord::take(output, terms.salt());
        SearchRecords { terms, postings }
    }

    /// Whether the last build left a terms record this build can read:
    /// then the index is light, and runs beside the pages.
    pub fn holds_last(&self) -> bool {
        self.terms.holds_last()
    }

    /// How many documents' terms came from the last build, and this
    /// build's records, to put in place once the output is.
    pub(crate) fn finish(self) -> (usize, Option<WrittenRecords>) {
        let (reused, terms) = self.terms.finish();
        let written = terms.map(|terms| WrittenRecords {
            terms,
            postings: self.postings.finish(),
        });
        (reused, written)
    }
}

/// This build's records, written whole under temporary names. Dropped
/// without `keep` (the build failed), they are removed.
pub struct WrittenRecords {
    terms: WrittenTerms,
    postings: Option<WrittenPostings>,
}

impl WrittenRecords {
    /// Put the records in place, beside the output just swapped in; the
    /// postings record only `with_pages`, when this build's page record is
    /// put in place too (see `pipeline::build::remember_records`).
    /// Failing only costs the next build time.
    pub fn keep(self, with_pages: bool) {
        if self.terms.keep() && with_pages {
            if let Some(postings) = self.postings {
                postings.keep();
            }
        }
    }
}
