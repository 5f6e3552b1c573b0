-- Search finds any word copied out of an issue's text. The text-search parser reads a word one
-- way inside the text and another way alone: '26e1d9db45' in "see 26e1d9db45" is two lexemes
-- ('26e1', a float, then 'd9db45'), and 'x-26e1d9db45' holds it whole. So the search vector also
-- holds every word as the text has it (split at white space, brackets, quotes, commas, semicolons
-- and bars; ASCII punctuation trimmed off its ends; lower case), and IssueSearch asks for each word
-- quoted, as one lexeme, or else as the parser reads it alone (a phrase). IssueSearch.words splits
-- a query the same way; keep the two in step.
create function issue_words(t text) returns tsvector
    language sql immutable parallel safe
as $$
select array_to_tsvector(array_remove(regexp_split_to_array(
    regexp_replace(
        -- Words of 255 characters or more are left out, as the parser leaves out its long ones.
        regexp_replace(lower(t), '[^[:space:]()\[\]{}<>"''`,;|]{255,}', ' ', 'g'),
        '[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*([[:space:]()\[\]{}<>"''`,;|]+|^|$)[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*',
        ' ', 'g'),
    '[[:space:]]+'), ''))
$$;

drop index issue_search;
alter table issue drop column search;
alter table issue add column search tsvector generated always as (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')
        || issue_words(title || ' ' || body)) stored;
create index issue_search on issue using gin (search) with (fastupdate = off);
