-- Who recorded a hand-out (issue 27 part 2): the NGO for its client (`ngo`), or a DT&V regievoerder who agreed
-- it with the client directly (`dtv`). Both go through the same signature chain; the transparency report counts
-- each origin apart. Rows from before were all the NGO's.
ALTER TABLE handout ADD COLUMN origin TEXT NOT NULL DEFAULT 'ngo';
