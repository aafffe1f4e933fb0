// The review page (issue 12) as HTML, rendered from what it is given and
// nothing else: the routes (serve/review_routes.cpp) fetch the proposals and
// decide who is signed in. Server-rendered for the people who approve rule
// versions: forms that work without JavaScript, inline CSS, no scripts and
// no external resources at all (not a font, not a link out), everything
// escaped; labels in 中文 or English, one language a page.
#pragma once

#include <string>
#include <vector>

#include "base/messages.h"
#include "publish/proposal.h"

namespace decree::serve {

// Who is looking, and what to tell them.
struct PageContext {
  Lang lang = Lang::en;
  std::string caller, role;  // the signed-in caller; empty: nobody
  std::string csrf;          // the forms' anti-forgery value for this caller
  std::string message;       // a banner, already in `lang`; empty: none
  bool message_is_error = false;
};

// The proposals grouped by state (proposed, approved, rejected, published),
// each with its id (a link to its page), rule set, version, kind, author,
// reviewer, dates and whether its assessment passed.
std::string review_list_html(const std::vector<publish::Proposal>& proposals,
                             const PageContext& ctx);

// Whether the review form is offered to the caller: a reviewer (or an
// admin) who is not the author, on a proposal still waiting for review.
bool may_review_here(const publish::Proposal& p, const PageContext& ctx);

// One proposal: its state and history, the checks, the rule-test results,
// the impact report (the body of assessment.html, its styles scoped to it),
// its files side by side against `published_files` (the version as
// published, for a correction or a withdrawal; empty for a new version),
// the content hash, and the review form when may_review_here().
std::string review_proposal_html(const publish::Proposal& p,
                                 const std::vector<publish::ProposalFile>& published_files,
                                 const PageContext& ctx);

// A file side by side: old (published) against new (proposed). A file that
// is not on one side (`old_exists` or `new_exists` false) shows all its
// lines added or removed. Unchanged stretches are folded.
std::string side_by_side_html(const std::string& path, const std::string& old_text,
                              const std::string& new_text, bool old_exists, bool new_exists,
                              Lang lang);

// The sign-in form (POST /review/sign-in, a token field); `next` is where
// to go once signed in (a /review path).
std::string sign_in_html(const PageContext& ctx, const std::string& next);

// A page that only says something: not found, not configured, refused.
std::string notice_html(const PageContext& ctx, const std::string& title, const std::string& text);

// The review page's labels by key, in `lang` (the keys are in the .cpp's
// table; an unknown key is given back as it is). The routes use them for
// their banners.
std::string review_label(const char* key, Lang lang);

}  // namespace decree::serve
