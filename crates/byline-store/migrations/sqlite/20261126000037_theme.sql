-- A reader's choice of colours, `light` or `dark`, over what their system
-- asks for; NULL follows the system.
ALTER TABLE users ADD COLUMN theme TEXT;
