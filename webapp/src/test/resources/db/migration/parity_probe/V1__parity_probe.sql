CREATE TABLE parity_probe (id BIGINT PRIMARY KEY);
INSERT INTO parity_probe (id) VALUES (1);
